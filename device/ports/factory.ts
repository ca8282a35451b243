import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { type BoardDeps, BoardHost } from '../board/board.js';
import type { OpenHid } from '../board/hid.js';
import { openHid } from '../board/hid.js';
import type { OpenI2cBus } from '../board/i2c.js';
import { type OpenSerial, openSerial, SERIAL_HINTS } from '../board/serial.js';
import { SysfsPwmChannel } from '../board/sysfs-pwm.js';
import type { DeviceConfig } from '../config/device-config.js';
import type { PatientModel } from '../sim/patient.js';
import type { LightPort } from './light/index.js';
import { Pca9685Channel } from './light/pca9685.js';
import { PwmLight } from './light/pwm-light.js';
import { SimulatedLight } from './light/simulated.js';
import { Ads1115Pulse } from './pulse/ads1115.js';
import { Cms50dDecoder } from './pulse/cms50d-decoder.js';
import { Cms50eDecoder } from './pulse/cms50e-decoder.js';
import type { PulsePort } from './pulse/index.js';
import { Max30102Pulse } from './pulse/max30102.js';
import { OximeterPulse } from './pulse/oximeter.js';
import { SimulatedPulse } from './pulse/simulated.js';
import { GpioButtons } from './remote/gpio-buttons.js';
import { HidRemote, hex4 } from './remote/hid-remote.js';
import type { RemoteButton, RemotePort } from './remote/index.js';
import type { SimulatedRemote } from './remote/simulated.js';
import type { UnitPorts } from './unit-ports.js';

/** The low-level openers, injectable so tests (and doctor) run every adapter against fakes. */
export interface HardwareDeps {
  openI2cBus?: OpenI2cBus;
  openSerial?: OpenSerial;
  openHid?: OpenHid;
  /** /sys/class/pwm (tests: a temp dir). */
  pwmRoot?: string;
  /** /dev, where hot-plugged nodes appear (tests: a temp dir). */
  devDir?: string;
  board?: Partial<Omit<BoardDeps, 'clock' | 'log'>>;
}

export interface PortContext {
  clock: Clock;
  log: Logger;
  /** The simulated patient behind a simulated pulse. */
  patient: PatientModel;
  /** The twin used when the config says `remote: simulated` (tests and the demo press it). */
  simulatedRemote: SimulatedRemote;
  hardware?: HardwareDeps;
}

export interface BuiltPorts {
  ports: UnitPorts;
  /** True when every port is simulated. */
  simulated: boolean;
  /** Releases what the ports share (the johnny-five board); call after the ports stopped. */
  close(): Promise<void>;
}

/**
 * Builds the unit's ports from its validated config. Constructors only assign: nothing opens a
 * device until the unit starts the port, and a port that fails to start leaves the others running.
 */
export function buildPorts(
  config: Pick<DeviceConfig, 'ports' | 'board' | 'calibration'>,
  ctx: PortContext,
): BuiltPorts {
  const board = new BoardHost(config.board, { clock: ctx.clock, log: ctx.log, ...ctx.hardware?.board });
  const ports: UnitPorts = {
    light: buildLight(config, ctx),
    pulse: buildPulse(config.ports.pulse, ctx),
    remote: buildRemote(config.ports.remote, ctx, board),
  };
  const { light, pulse, remote } = config.ports;
  return {
    ports,
    simulated: [light, pulse, remote].every((p) => p.adapter === 'simulated'),
    close: () => board.close(),
  };
}

function buildLight(
  config: Pick<DeviceConfig, 'ports' | 'board' | 'calibration'>,
  ctx: PortContext,
): LightPort {
  const light = config.ports.light;
  const cap = config.calibration.light_cap;
  switch (light.adapter) {
    case 'simulated':
      return new SimulatedLight(ctx.clock, cap);
    case 'pca9685':
      return new PwmLight({
        clock: ctx.clock,
        cap,
        output: new Pca9685Channel({
          bus: light.bus,
          address: light.address,
          channel: light.channel,
          invert: light.invert,
          openDrain: light.open_drain,
          clock: ctx.clock,
          openBus: ctx.hardware?.openI2cBus,
        }),
      });
    case 'sysfs-pwm':
      return new PwmLight({
        clock: ctx.clock,
        cap,
        output: new SysfsPwmChannel({
          chip: light.chip,
          channel: light.channel,
          frequencyHz: light.frequency_hz,
          clockHz: light.clock_hz,
          invert: light.invert,
          clock: ctx.clock,
          root: ctx.hardware?.pwmRoot,
        }),
      });
  }
}

function buildPulse(pulse: DeviceConfig['ports']['pulse'], ctx: PortContext): PulsePort {
  const hw = ctx.hardware;
  switch (pulse.adapter) {
    case 'simulated':
      return new SimulatedPulse(ctx.clock, ctx.patient);
    case 'ads1115':
      return new Ads1115Pulse({
        bus: pulse.bus,
        address: pulse.address,
        channel: pulse.channel,
        fullScaleV: pulse.full_scale_v,
        dataRate: pulse.data_rate,
        clock: ctx.clock,
        openBus: hw?.openI2cBus,
      });
    case 'max30102':
      return new Max30102Pulse({
        bus: pulse.bus,
        address: pulse.address,
        ledCurrentMa: pulse.led_current_ma,
        fingerThreshold: pulse.finger_threshold,
        clock: ctx.clock,
        openBus: hw?.openI2cBus,
      });
    case 'cms50d': {
      const ref = {
        port: 'pulse',
        device: `CMS50D+ on ${pulse.path}`,
        configKey: 'ports.pulse.path',
        ...SERIAL_HINTS,
      } as const;
      return new OximeterPulse({
        clock: ctx.clock,
        adapter: 'cms50d',
        ref,
        decoder: new Cms50dDecoder(),
        // 19200 baud, 8 data bits, odd parity, 1 stop bit: the CMS50D+ live stream.
        open: () => (hw?.openSerial ?? openSerial)(pulse.path, { baudRate: pulse.baud, parity: 'odd' }, ref),
        watch: { dir: hw?.devDir ?? '/dev', pattern: /^tty(USB|ACM)\d+$/ },
      });
    }
    case 'cms50e': {
      const match = { vendorId: pulse.vendor_id, productId: pulse.product_id };
      const ref = {
        port: 'pulse',
        device: `CMS50E HID ${hex4(match.vendorId)}:${hex4(match.productId)}`,
        configKey: 'ports.pulse',
      } as const;
      return new OximeterPulse({
        clock: ctx.clock,
        adapter: 'cms50e',
        ref,
        decoder: new Cms50eDecoder(),
        open: () => (hw?.openHid ?? openHid)(match, ref),
        watch: { dir: hw?.devDir ?? '/dev', pattern: /^hidraw\d+$/ },
      });
    }
  }
}

function buildRemote(
  remote: DeviceConfig['ports']['remote'],
  ctx: PortContext,
  board: BoardHost,
): RemotePort {
  switch (remote.adapter) {
    case 'simulated':
      return ctx.simulatedRemote;
    case 'gpio':
      return new GpioButtons(board, remote.buttons);
    case 'hid':
      return new HidRemote({
        clock: ctx.clock,
        match: { vendorId: remote.vendor_id, productId: remote.product_id, interface: remote.interface },
        report: remote.report,
        keymap: remote.keymap ? parseKeymap(remote.keymap) : undefined,
        openHid: ctx.hardware?.openHid,
        devDir: ctx.hardware?.devDir,
      });
  }
}

function parseKeymap(keymap: Record<string, RemoteButton>): Record<number, RemoteButton> {
  return Object.fromEntries(Object.entries(keymap).map(([usage, button]) => [Number(usage), button]));
}
