import { describe, expect, it } from 'vitest';
import { Pca9685Channel } from '../../../../device/ports/light/pca9685.js';
import { VirtualClock } from '../../../../shared/clock.js';
import { FakeI2cBus, FakePca9685 } from '../../../fakes/fake-i2c-bus.js';
import { settle } from '../../../fakes/settle.js';

function channel(bus: FakeI2cBus, clock: VirtualClock, address = 0x40) {
  return new Pca9685Channel({
    bus: 1,
    address,
    channel: 5,
    invert: false,
    openDrain: false,
    clock,
    openBus: async () => bus,
  });
}

describe('PCA9685 channel', () => {
  it('sets the prescaler to 3 while asleep (~1526 Hz, never the ~50 Hz servo rate), then wakes', async () => {
    const clock = new VirtualClock();
    const chip = new FakePca9685();
    const bus = new FakeI2cBus(new Map([[0x40, chip]]));
    const out = channel(bus, clock);
    await settle(clock, out.open());
    const sleepWrite = bus.writes.findIndex((w) => w.register === 0x00 && (w.bytes[0] as number) & 0x10);
    const prescaleWrite = bus.writes.findIndex((w) => w.register === 0xfe);
    expect(sleepWrite).toBeGreaterThanOrEqual(0);
    expect(prescaleWrite).toBeGreaterThan(sleepWrite);
    expect(chip.regs[0xfe]).toBe(3);
    expect(chip.frequencyHz).toBeCloseTo(1525.9, 1);
    expect(out.frequencyHz).toBeCloseTo(chip.frequencyHz, 6);
    expect((chip.regs[0x00] as number) & 0x10).toBe(0);
    expect(chip.regs[0x01]).toBe(0x04);
    expect(chip.duty(5)).toBe(0);
  });

  it('writes 12-bit duty, full off and full on to LED5 registers', async () => {
    const clock = new VirtualClock();
    const chip = new FakePca9685();
    const bus = new FakeI2cBus(new Map([[0x40, chip]]));
    const out = channel(bus, clock);
    await settle(clock, out.open());
    await out.write(1);
    expect(bus.writes.at(-1)).toEqual({ address: 0x40, register: 0x06 + 4 * 5, bytes: [0, 0, 1, 0] });
    await out.write(2345);
    expect(chip.duty(5)).toBe(2345);
    await out.write(4096);
    expect(chip.duty(5)).toBe(4096);
    await out.close();
    expect(chip.duty(5)).toBe(0);
  });

  it('a wrong address is E_LIGHT_DEVICE_MISSING with the address and the config key', async () => {
    const clock = new VirtualClock();
    const out = channel(new FakeI2cBus(new Map([[0x40, new FakePca9685()]])), clock, 0x41);
    await expect(settle(clock, out.open())).rejects.toMatchObject({
      code: 'E_LIGHT_DEVICE_MISSING',
      details: { reason: 'no_answer', config_key: 'ports.light', fix: expect.stringContaining('0x41') },
    });
  });
});
