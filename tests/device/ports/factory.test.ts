import { describe, expect, it } from 'vitest';
import { deviceConfigSchema } from '../../../device/config/device-config.js';
import { runDoctor } from '../../../device/doctor/doctor.js';
import { buildPorts } from '../../../device/ports/factory.js';
import { SimulatedRemote } from '../../../device/ports/remote/simulated.js';
import { PatientModel, patientProfiles } from '../../../device/sim/patient.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { FakeGpio } from '../../fakes/fake-gpio.js';
import { FakeI2cBus, FakePca9685 } from '../../fakes/fake-i2c-bus.js';
import { settle } from '../../fakes/settle.js';

const base = { unit_id: 'bed-1', broker: { url: 'mqtt://127.0.0.1:1883' } };

function parse(ports: unknown, extra: object = {}) {
  return deviceConfigSchema.parse({ ...base, ...extra, ports });
}

describe('device config for hardware ports', () => {
  it('fills defaults and reads hex addresses and USB ids', () => {
    const c = parse({
      light: { adapter: 'pca9685', address: '0x41' },
      pulse: { adapter: 'cms50e' },
      remote: { adapter: 'hid', vendor_id: '0x1d57', product_id: 44290, keymap: { '0x2c': 'start_stop' } },
    });
    expect(c.ports.light).toEqual({
      adapter: 'pca9685',
      bus: 1,
      address: 0x41,
      channel: 0,
      invert: false,
      open_drain: false,
    });
    expect(c.ports.pulse).toEqual({ adapter: 'cms50e', vendor_id: 0x28e9, product_id: 0x028a });
    expect(c.ports.remote).toMatchObject({ vendor_id: 0x1d57, report: 'keyboard' });
    expect(c.board).toEqual({ io: 'auto', gpio_chip: 'auto', i2c_bus: 1 });
  });

  it('refuses flicker-prone PWM and unknown adapters, naming the path', () => {
    const bad = deviceConfigSchema.safeParse({
      ...base,
      ports: {
        light: { adapter: 'sysfs-pwm', frequency_hz: 50 },
        pulse: { adapter: 'simulated' },
        remote: { adapter: 'bluetooth' },
      },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('ports.light.frequency_hz');
    expect(paths).toContain('ports.remote.adapter');
  });
});

describe('port factory', () => {
  it('builds real adapters from config over fakes; a missing device fails alone', async () => {
    const clock = new VirtualClock();
    const chip = new FakePca9685();
    const gpio = new FakeGpio([{ name: 'gpiochip0', label: 'pinctrl-bcm2711', lines: 58 }]);
    const config = parse(
      {
        light: { adapter: 'pca9685', channel: 2 },
        pulse: { adapter: 'ads1115' },
        remote: { adapter: 'gpio', buttons: [{ gpio: 17, button: 'start_stop' }] },
      },
      { calibration: { light_cap: 0.4 } },
    );
    const built = buildPorts(config, {
      clock,
      log: silentLogger(),
      patient: new PatientModel(patientProfiles.typical, 1, clock.now()),
      simulatedRemote: new SimulatedRemote(),
      hardware: {
        // The PCA9685 answers; nothing sits at the ADS1115's 0x48.
        openI2cBus: async () => new FakeI2cBus(new Map([[0x40, chip]])),
        board: {
          loadGpio: async () => gpio.binding(),
          model: async () => 'Raspberry Pi 4 Model B',
          isRoot: () => false,
        },
      },
    });
    expect(built.simulated).toBe(false);
    await settle(clock, built.ports.light.start());
    await expect(built.ports.pulse.start()).rejects.toMatchObject({ code: 'E_PULSE_DEVICE_MISSING' });
    await built.ports.remote.start();
    built.ports.light.setLevel(1, 0);
    await clock.advanceAsync(20);
    expect(built.ports.light.level()).toBeCloseTo(0.4, 9);
    expect(chip.duty(2)).toBe(Math.round(((40 + 16) / 116) ** 3 * 4096));
    expect(built.ports.remote.status()).toMatchObject({ ok: true, detail: { io: 'nocturne' } });
    for (const p of Object.values(built.ports)) await p.stop();
    await built.close();
    expect(chip.duty(2)).toBe(0);
  });
});

describe('doctor', () => {
  it('on a machine without GPIO, I2C or PWM says so and fails nothing', async () => {
    const checks = await runDoctor({
      log: silentLogger(),
      paths: { dev: '/nonexistent', pwm: '/nonexistent' },
    });
    expect(checks.every((c) => c.ok !== false)).toBe(true);
    expect(checks.find((c) => c.name === 'hardware')?.summary).toMatch(/simulated units only/);
  });

  it('opens each configured port once: one line each, with the fix for what fails', async () => {
    const clock = new VirtualClock();
    const config = parse(
      {
        light: { adapter: 'pca9685', address: '0x41' },
        pulse: { adapter: 'simulated' },
        remote: { adapter: 'simulated' },
      },
      { audio: { adapter: 'null' } },
    );
    const run = runDoctor({
      config,
      log: silentLogger(),
      clock,
      hardware: { openI2cBus: async () => new FakeI2cBus(new Map([[0x40, new FakePca9685()]])) },
      paths: { dev: '/nonexistent', pwm: '/nonexistent' },
    });
    const checks = await settle(clock, run);
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(byName.light).toMatchObject({
      ok: false,
      code: 'E_LIGHT_DEVICE_MISSING',
      fix: expect.stringContaining('0x41'),
    });
    expect(byName.pulse?.ok).toBe(true);
    expect(byName.remote?.ok).toBe(true);
    expect(byName.audio).toMatchObject({ ok: true, summary: expect.stringMatching(/^null/) });
  });
});
