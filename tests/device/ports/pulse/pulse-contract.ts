import { expect, it } from 'vitest';
import type { PulseBatch, PulsePort } from '../../../../device/ports/pulse/index.js';
import { HeartRateTracker } from '../../../../device/signal/heart-rate-tracker.js';
import type { VirtualClock } from '../../../../shared/clock.js';
import { settle } from '../../../fakes/settle.js';

/** What a contract run needs: the port, its clock, and the heart rate the signal under it carries. */
export interface PulseUnderTest {
  pulse: PulsePort;
  clock: VirtualClock;
  trueBpm: number;
  /** Releases what the port shares (a board, a bus), after it stopped. */
  close?: () => Promise<void>;
}

/** The heart rate a batch stream gives, the way the unit reads it: the detector, or the device's own. */
function lastBpm(batches: PulseBatch[]): number | null {
  const tracker = new HeartRateTracker();
  let bpm: number | null = null;
  for (const batch of batches) {
    if (batch.value.length > 0) {
      for (const e of tracker.push(batch)) if (e.bpm !== null) bpm = e.bpm;
    } else if (batch.device?.bpm != null) bpm = batch.device.bpm;
  }
  return bpm;
}

/**
 * The pulse contract: every adapter (simulated twins in CI, the real ones over bus fakes here and
 * over real sensors on a Pi) delivers time-ordered batches on the unit's Clock from which the
 * unit reads the right heart rate, and stops cleanly.
 */
export function runPulseContract(name: string, make: () => Promise<PulseUnderTest>): void {
  const run = async (body: (t: PulseUnderTest, batches: PulseBatch[]) => Promise<void>) => {
    const t = await make();
    const batches: PulseBatch[] = [];
    t.pulse.onBatch((b) => batches.push(b));
    await settle(t.clock, t.pulse.start());
    try {
      await body(t, batches);
    } finally {
      await t.pulse.stop();
      await t.close?.();
    }
  };

  it(`${name}: batches are time-ordered, never ahead of the clock by a sample, and never overlap`, () =>
    run(async ({ clock }, batches) => {
      await clock.advanceAsync(30_000);
      expect(batches.length).toBeGreaterThan(10);
      let last = Number.NEGATIVE_INFINITY;
      let periodMs = 0;
      for (const b of batches) {
        if (b.value.length > 0) periodMs = 1000 / b.rateHz;
        expect(b.value.length === 0 || b.value.length === b.t.length).toBe(true);
        if (b.value.length > 0) expect(b.rateHz).toBeGreaterThan(0);
        for (const t of b.t) {
          expect(t).toBeGreaterThan(last);
          last = t;
        }
        if (b.device) expect(b.device.t).toBeLessThanOrEqual(clock.now());
      }
      // A stamp from a fitted rate may lead the sample's arrival, by less than one sample period.
      expect(last).toBeLessThanOrEqual(clock.now() + periodMs);
    }));

  it(`${name}: the unit reads the heart rate the signal carries (±5 BPM)`, () =>
    run(async ({ clock, trueBpm }, batches) => {
      await clock.advanceAsync(60_000);
      const bpm = lastBpm(batches);
      expect(bpm).not.toBeNull();
      expect(Math.abs((bpm ?? 0) - trueBpm)).toBeLessThanOrEqual(5);
    }));

  it(`${name}: reports itself working, and stop() ends every batch and timer, twice over`, async () => {
    const t = await make();
    const batches: PulseBatch[] = [];
    t.pulse.onBatch((b) => batches.push(b));
    await settle(t.clock, t.pulse.start());
    await t.clock.advanceAsync(5_000);
    expect(t.pulse.status()).toMatchObject({ ok: true, adapter: expect.any(String) });
    await t.pulse.stop();
    await t.pulse.stop();
    await t.close?.();
    const seen = batches.length;
    await t.clock.advanceAsync(10_000);
    expect(batches.length).toBe(seen);
    expect(t.clock.pendingTimers).toBe(0);
  });
}
