import { describe, expect, it } from 'vitest';
import { runStressRecord, STRESS_BPM, type StressScore } from '../../bench/signal/stress.js';

/**
 * The detector on simulated records with known truth, across heart rates 40–150 BPM and sample
 * rates 25–500 Hz, scored with the benchmark's ±150 ms one-to-one matcher. The full grid (three
 * seeds) is the `signal.stress.simulated` bench; here one seed per record keeps the suite quick.
 */
function records(condition: Parameters<typeof runStressRecord>[0], rateHz: number): StressScore[] {
  return STRESS_BPM.map((bpm) => runStressRecord(condition, rateHz, bpm, 1));
}

describe('BeatDetector stress records', () => {
  it.each([25, 50, 100, 500])(
    'clean at %i Hz: F1 ≥ 0.99 on every record, every window within 5 BPM',
    (rateHz) => {
      for (const r of records('clean', rateHz)) {
        expect(r.f1, `${r.bpm} BPM`).toBeGreaterThanOrEqual(0.99);
        expect(r.hrWithin5, `${r.bpm} BPM`).toBe(1);
      }
    },
  );

  it.each([50, 100])('perfusion falling to 30 %% at %i Hz: F1 ≥ 0.98 on every record', (rateHz) => {
    for (const r of records('low_perfusion', rateHz)) {
      expect(r.f1, `${r.bpm} BPM`).toBeGreaterThanOrEqual(0.98);
      expect(r.hrWithin5, `${r.bpm} BPM`).toBeGreaterThanOrEqual(0.98);
    }
  });

  it.each([25, 50, 100])(
    'bedside sensor at %i Hz: beats kept away from motion and finger-off, no trusted wrong rate during them',
    (rateHz) => {
      for (const r of records('bedside', rateHz)) {
        expect(r.f1, `${r.bpm} BPM`).toBeGreaterThanOrEqual(0.96);
        expect(r.hrWithin5, `${r.bpm} BPM`).toBeGreaterThanOrEqual(0.98);
        expect(r.trustedWrongDuringDisturbance, `${r.bpm} BPM`).toBe(0);
        // A few swings at a burst's onset may pass as pulses; the window quality flags them.
        expect(r.falseInDisturbances, `${r.bpm} BPM`).toBeLessThanOrEqual(6);
      }
    },
  );

  it('irregular rhythm with ectopic beats at 100 Hz: F1 ≥ 0.95 on every record', () => {
    for (const r of records('irregular', 100)) expect(r.f1, `${r.bpm} BPM`).toBeGreaterThanOrEqual(0.95);
  });

  const irregularShare = (rs: StressScore[]) =>
    rs.reduce((s, r) => s + r.irregularWindows, 0) / rs.reduce((s, r) => s + r.judgedWindows, 0);

  it.each([25, 100])('rhythm at %i Hz: AF windows judged irregular, sinus windows regular', (rateHz) => {
    expect(irregularShare(records('af', rateHz))).toBeGreaterThanOrEqual(0.8);
    expect(irregularShare(records('clean', rateHz))).toBeLessThanOrEqual(0.1);
    expect(irregularShare(records('rate_step', rateHz))).toBeLessThanOrEqual(0.1);
  });

  const meanF1 = (rs: StressScore[]) => rs.reduce((s, r) => s + r.f1, 0) / rs.length;
  const hrShare = (rs: StressScore[]) =>
    rs.reduce((s, r) => s + r.hrWithin5 * r.cleanWindows, 0) / rs.reduce((s, r) => s + r.cleanWindows, 0);

  // Floors a little under what the detector reaches through AF and ectopic runs on seed 1 (still
  // short of issue 20's F1 0.99 and 95 % of windows: docs/accuracy.md "Remaining limits"), so
  // neither can silently get worse. Before the early-pulse rule AF's worst records were at 0.88–0.92.
  it.each([25, 50, 100, 500])('AF at %i Hz: F1 ≥ 0.92 on every record, mean ≥ 0.965', (rateHz) => {
    const rs = records('af', rateHz);
    for (const r of rs) expect(r.f1, `${r.bpm} BPM`).toBeGreaterThanOrEqual(0.92);
    expect(meanF1(rs)).toBeGreaterThanOrEqual(0.965);
    expect(hrShare(rs)).toBeGreaterThanOrEqual(0.74);
  });

  it.each([25, 50, 100, 500])(
    'ectopic runs at %i Hz: F1 ≥ 0.95 on every record, mean ≥ 0.985, windows within 5 BPM ≥ 97 %%',
    (rateHz) => {
      const rs = records('ectopic', rateHz);
      for (const r of rs) {
        expect(r.f1, `${r.bpm} BPM`).toBeGreaterThanOrEqual(0.95);
        expect(r.hrWithin5, `${r.bpm} BPM`).toBeGreaterThanOrEqual(0.85);
      }
      expect(meanF1(rs)).toBeGreaterThanOrEqual(0.985);
      expect(hrShare(rs)).toBeGreaterThanOrEqual(0.97);
    },
  );
});
