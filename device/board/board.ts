import { readFile } from 'node:fs/promises';
import type { Clock } from '../../shared/clock.js';
import { errorMessage, NocturneError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { DeviceErrorCode } from '../errors/codes.js';
import { type LoadGpio, loadGpio } from './gpio.js';
import { type DeviceRef, hardwareError } from './hardware-error.js';
import { type OpenI2cBus, openI2cBus } from './i2c.js';
import { NocturneIO } from './io-plugin.js';
import { type J5Board, type JohnnyFive, loadJohnnyFive } from './johnny-five.js';
import { loadNative } from './native.js';

export interface BoardConfig {
  /** `auto`: raspi-io on a Pi 3/4 running as root, else the project's IO plugin (Pi 5 and others). */
  io: 'auto' | 'raspi-io' | 'nocturne';
  /** GPIO controller label (`auto` = the Pi's header controller). */
  gpio_chip: string;
  i2c_bus: number;
}

/** An open board: the johnny-five module, its Board, and which IO plugin runs it. */
export interface OpenBoard {
  five: JohnnyFive;
  board: J5Board;
  io: 'raspi-io' | 'nocturne';
}

export interface BoardDeps {
  clock: Clock;
  log: Logger;
  loadGpio?: LoadGpio;
  openI2cBus?: OpenI2cBus;
  loadJohnnyFive?: (ref: DeviceRef) => Promise<JohnnyFive>;
  loadRaspiIo?: (ref: DeviceRef) => Promise<new (options: Record<string, unknown>) => unknown>;
  /** The board's model string (/proc/device-tree/model), undefined off a Pi. */
  model?: () => Promise<string | undefined>;
  /** Whether the process runs as root (pigpio, under raspi-io, needs it). */
  isRoot?: () => boolean;
}

/** How long a board may take to say "ready" (raspi-io initialises pigpio). */
const READY_TIMEOUT_MS = 10_000;

/**
 * One johnny-five Board for the unit, opened on first use and shared by the ports that need it
 * (GPIO buttons today). The IO plugin is raspi-io on a Pi 3/4 when it can run, else NocturneIO.
 */
export class BoardHost {
  private opening: Promise<OpenBoard> | undefined;
  private io: NocturneIO | { close?: () => unknown } | undefined;
  private ioName: OpenBoard['io'] = 'nocturne';

  constructor(
    private readonly config: BoardConfig,
    private readonly deps: BoardDeps,
  ) {}

  /** The board, ready. Errors name the port and config key of whoever asked first. */
  board(ref: DeviceRef): Promise<OpenBoard> {
    this.opening ??= this.open(ref).catch((err: unknown) => {
      this.opening = undefined;
      throw err;
    });
    return this.opening;
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    await opening?.catch(() => undefined);
    const io = this.io;
    this.io = undefined;
    try {
      await io?.close?.();
    } catch (err) {
      this.deps.log.warn({ err: errorMessage(err) }, 'closing the board');
    }
  }

  private async open(ref: DeviceRef): Promise<OpenBoard> {
    const five = await (this.deps.loadJohnnyFive ?? loadJohnnyFive)(ref);
    const io = await this.createIo(ref);
    const board = new five.Board({ io, repl: false, debug: false, sigint: false, timeout: READY_TIMEOUT_MS });
    await new Promise<void>((resolve, reject) => {
      const timer = this.deps.clock.setTimeout(() => {
        reject(
          new NocturneError(DeviceErrorCode.RemoteDeviceMissing, `${this.ioName}: board not ready in time`),
        );
      }, READY_TIMEOUT_MS);
      board.once('ready', () => {
        timer.cancel();
        resolve();
      });
      board.once('error', (err: unknown) => {
        timer.cancel();
        reject(hardwareError(ref, err));
      });
      if (io instanceof NocturneIO) io.open().catch(reject);
    });
    return { five, board, io: this.ioName };
  }

  private async createIo(ref: DeviceRef): Promise<unknown> {
    if (await this.wantsRaspiIo()) {
      try {
        const RaspiIO = await (this.deps.loadRaspiIo ?? loadRaspiIo)(ref);
        const io = new RaspiIO({ enableSerial: false, enableSoftPwm: false });
        this.io = io as { close?: () => unknown };
        this.ioName = 'raspi-io';
        return io;
      } catch (err) {
        if (this.config.io === 'raspi-io') throw err;
        this.deps.log.warn({ err: errorMessage(err) }, 'raspi-io unavailable: using the Nocturne IO plugin');
      }
    }
    const io = new NocturneIO({
      clock: this.deps.clock,
      gpio: await (this.deps.loadGpio ?? loadGpio)(ref),
      gpioChip: this.config.gpio_chip,
      i2cBus: this.config.i2c_bus,
      openI2cBus: this.deps.openI2cBus ?? openI2cBus,
      ref,
    });
    this.io = io;
    this.ioName = 'nocturne';
    return io;
  }

  private async wantsRaspiIo(): Promise<boolean> {
    if (this.config.io !== 'auto') return this.config.io === 'raspi-io';
    const model = await (this.deps.model ?? readPiModel)();
    // pigpio (under raspi-io) refuses the Pi 5's RP1 and needs root.
    const pigpioBoard =
      model !== undefined && /Raspberry Pi (3|4|Zero 2|400|Compute Module [34])/.test(model);
    return pigpioBoard && (this.deps.isRoot ?? (() => process.getuid?.() === 0))();
  }
}

/** The Pi's model string, e.g. "Raspberry Pi 5 Model B Rev 1.0"; undefined elsewhere. */
export async function readPiModel(): Promise<string | undefined> {
  const text = await readFile('/proc/device-tree/model', 'utf8').catch(() => undefined);
  return text?.replace(/\0/g, '').trim() || undefined;
}

async function loadRaspiIo(ref: DeviceRef): Promise<new (options: Record<string, unknown>) => unknown> {
  const mod = await loadNative<{ RaspiIO: new (options: Record<string, unknown>) => unknown }>(
    'raspi-io',
    ref,
  );
  return mod.RaspiIO;
}
