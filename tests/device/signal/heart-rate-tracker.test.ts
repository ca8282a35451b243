import { describe, expect, it } from 'vitest';
import type { PulseBatch } from '../../../device/ports/pulse/index.js';
import { SimulatedPulse } from '../../../device/ports/pulse/simulated.js';
import type { HeartRateEstimate } from '../../../device/signal/estimate.js';
import { HeartRateTracker } from '../../../device/signal/heart-rate-tracker.js';
import { PatientModel, patientProfiles } from '../../../device/sim/patient.js';
import { VirtualClock } from '../../../shared/clock.js';

async function run(options: ConstructorParameters<typeof SimulatedPulse>[2], minutes: number) {
  const clock = new VirtualClock();
  const patient = new PatientModel(patientProfiles.typical, 'tracker', clock.now());
  const port = new SimulatedPulse(clock, patient, options);
  const tracker = new HeartRateTracker();
  const estimates: HeartRateEstimate[] = [];
  const batches: PulseBatch[] = [];
  port.onBatch((batch) => {
    batches.push(batch);
    estimates.push(...tracker.push(batch));
  });
  await port.start();
  clock.advance(minutes * 60_000);
  await port.stop();
  return { clock, patient, estimates, batches, start: clock.now() - minutes * 60_000 };
}

describe('HeartRateTracker fed by the simulated pulse port', () => {
  it('gives one estimate every 2 s that follows the patient within 3 BPM, trusted', async () => {
    const { estimates, patient, start } = await run({ seed: 'a' }, 2);
    expect(estimates.length).toBeGreaterThanOrEqual(58);
    const gaps = estimates.slice(1).map((e, i) => e.t - (estimates[i] as HeartRateEstimate).t);
    expect(new Set(gaps)).toEqual(new Set([2000]));
    for (const e of estimates.filter((x) => x.t - start > 12_000)) {
      expect(e.source).toBe('ppg');
      expect(e.quality).toBeGreaterThan(0.8);
      expect(Math.abs((e.bpm as number) - patient.heartRateAt(e.t - 5500))).toBeLessThan(3);
    }
  });

  it('reports no bpm and quality 0 while the finger is off, and recovers after', async () => {
    const base = new VirtualClock().now();
    const off = { start: base + 40_000, end: base + 60_000, reads: 'flat' as const };
    const { estimates, batches } = await run({ seed: 'b', dropouts: [off] }, 1.5);
    expect(batches.some((b) => !b.finger)).toBe(true);
    expect(batches.every((b) => b.t.length > 0)).toBe(true);
    const during = estimates.filter((e) => e.t >= off.start + 10_000 && e.t <= off.end);
    expect(during.length).toBeGreaterThan(3);
    for (const e of during) expect(e).toMatchObject({ bpm: null, quality: 0 });
    const after = estimates.filter((e) => e.t > off.end + 15_000);
    expect(after.length).toBeGreaterThan(5);
    for (const e of after) expect(e.bpm).not.toBeNull();
  });
});
