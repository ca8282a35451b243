import { describe, expect, it } from 'vitest';
import type { PulseBatch } from '../../../../device/ports/pulse/index.js';
import { Max30102Pulse } from '../../../../device/ports/pulse/max30102.js';
import { VirtualClock } from '../../../../shared/clock.js';
import { FakeI2cBus, FakeMax30102 } from '../../../fakes/fake-i2c-bus.js';
import { settle } from '../../../fakes/settle.js';

function setup(ir: (t: number) => number, rateError = 0) {
  const clock = new VirtualClock();
  const sensor = new FakeMax30102(clock, ir, rateError);
  const bus = new FakeI2cBus(new Map([[0x57, sensor]]));
  const port = new Max30102Pulse({
    bus: 1,
    address: 0x57,
    ledCurrentMa: 7,
    fingerThreshold: 50_000,
    clock,
    openBus: async () => bus,
  });
  const batches: PulseBatch[] = [];
  port.onBatch((b) => batches.push(b));
  return { clock, sensor, bus, port, batches };
}

const finger = (t: number) => 120_000 - 800 * Math.sin((2 * Math.PI * 60 * t) / 60_000);

describe('MAX30102', () => {
  it('configures SpO2 mode at 100 Hz, 18 bit, LED current, FIFO rollover', async () => {
    const { clock, port, bus } = setup(finger);
    await settle(clock, port.start());
    const regs = Object.fromEntries(bus.writes.map((w) => [w.register, w.bytes[0]]));
    expect(regs[0x0a]).toBe(0x27);
    expect(regs[0x0c]).toBe(35);
    expect(regs[0x0d]).toBe(35);
    expect(regs[0x08]).toBe(0x1f);
    expect(regs[0x09]).toBe(0x03);
    await port.stop();
    expect(bus.writes.at(-1)).toEqual({ address: 0x57, register: 0x09, bytes: [0x80] });
  });

  it('reads every FIFO sample at 100 Hz, inverted IR, with a finger on', async () => {
    const { clock, port, batches } = setup(finger, -0.04);
    await settle(clock, port.start());
    await clock.advanceAsync(30_000);
    await port.stop();
    const n = batches.reduce((s, b) => s + b.value.length, 0);
    expect(Math.abs(n - 30 * 96)).toBeLessThanOrEqual(2);
    expect(batches.at(-1)?.rateHz).toBeCloseTo(96, 0);
    expect(batches.every((b) => b.finger)).toBe(true);
    const v = batches.flatMap((b) => [...b.value]);
    expect(Math.min(...v)).toBeGreaterThan(0x3ffff - 120_800 - 1);
  });

  it('counts samples lost to FIFO overflow when reads stall', async () => {
    const { clock, port, sensor, batches } = setup(finger);
    await settle(clock, port.start());
    await clock.advanceAsync(1_000);
    const before = batches.reduce((s, b) => s + b.value.length, 0);
    // A long stall: the FIFO holds 32, the rest roll over.
    (port as unknown as { reading: boolean }).reading = true;
    await clock.advanceAsync(1_000);
    (port as unknown as { reading: boolean }).reading = false;
    await clock.advanceAsync(200);
    expect(sensor.overflowTotal).toBeGreaterThan(60);
    // The chip's counter stops at 31; the adapter counts the rest from the time since the last read.
    expect(
      Math.abs((port.status().detail?.lost_samples as number) - sensor.overflowTotal),
    ).toBeLessThanOrEqual(2);
    expect(batches.reduce((s, b) => s + b.value.length, 0) - before).toBeLessThan(60);
    await port.stop();
  });

  it('sees no finger below the IR threshold', async () => {
    const { clock, port, batches } = setup(() => 3_000);
    await settle(clock, port.start());
    await clock.advanceAsync(1_000);
    await port.stop();
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.every((b) => !b.finger)).toBe(true);
  });
});
