import { describe, expect, it } from 'vitest';
import type { HeartRatePoint } from '../../../device/program/hr-trace.js';
import { runOfflineSession } from '../../../device/program/offline.js';
import { Random } from '../../../shared/random.js';
import { sessionReportBodySchema } from '../../../shared/schemas/session-report.js';

const SESSION_S = 45 * 60;

/** A typical wind-down: 72 BPM, falling towards 58 after 4 min with a 9-min time constant. */
function trendAt(tS: number, fall = true): number {
  const minutes = Math.max(0, tS / 60 - 4);
  return fall ? 58 + 14 * Math.exp(-minutes / 9) : 72;
}

/**
 * The heart rate as the unit measures it through atrial fibrillation: each 8-s window's median
 * interval scatters about 10 % around the trend (CV 25 % over about ten beats), and one window in
 * twenty reads far off (a run of missed small beats reads 35 % low, extra ones 30 % high).
 */
function afTrace(seed: number, fall = true): HeartRatePoint[] {
  const rng = new Random(`af-trace:${seed}`);
  const points: HeartRatePoint[] = [];
  for (let tS = 0; tS <= SESSION_S; tS += 2) {
    let bpm = trendAt(tS, fall) * Math.exp(0.1 * rng.gaussian());
    const odd = rng.next();
    if (odd < 0.03) bpm *= 0.65;
    else if (odd < 0.05) bpm *= 1.3;
    points.push({ tS, bpm });
  }
  return points;
}

function cleanTrace(fall = true): HeartRatePoint[] {
  return Array.from({ length: SESSION_S / 2 + 1 }, (_, i) => ({ tS: 2 * i, bpm: trendAt(2 * i, fall) }));
}

function report(trace: HeartRatePoint[], irregular?: (tS: number) => boolean | null) {
  return sessionReportBodySchema.parse(runOfflineSession({ trace, seed: 1, irregular }).report);
}

describe('the program under an AF-like heart rate', () => {
  it('finds the calm point near where a regular rhythm finds it, with the same baseline', () => {
    const clean = report(cleanTrace());
    expect(clean.end_reason).toBe('calm');
    for (let seed = 1; seed <= 6; seed++) {
      const af = report(afTrace(seed));
      expect(af.end_reason, `seed ${seed}`).toBe('calm');
      expect(Math.abs((af.calm_point_s ?? 0) - (clean.calm_point_s ?? 0)), `seed ${seed}`).toBeLessThan(180);
      expect(Math.abs((af.baseline_bpm ?? 0) - (clean.baseline_bpm ?? 0)), `seed ${seed}`).toBeLessThan(2);
      expect(af.valid_pulse_fraction).toBeGreaterThan(0.99);
    }
  });

  it('reports the share of the judged estimates whose pulse was irregular', () => {
    expect(report(afTrace(1), () => true).rhythm_irregularity).toBe(1);
    expect(report(cleanTrace(), () => false).rhythm_irregularity).toBe(0);
    expect(report(cleanTrace()).rhythm_irregularity).toBeNull();
    // Irregular for the first 10 minutes, not judged for the next 5, regular after.
    const mixed = report(afTrace(2), (tS) => (tS < 600 ? true : tS < 900 ? null : false));
    const share = mixed.rhythm_irregularity ?? Number.NaN;
    const judgedS = (mixed.duration_s - 300) as number;
    expect(share).toBeCloseTo(600 / judgedS, 1);
  });

  it('finds no calm point in an AF-like heart rate that does not fall', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const af = report(afTrace(seed, false));
      expect(af.end_reason, `seed ${seed}`).toBe('timer');
      expect(af.calm_point_s).toBeNull();
      expect(Math.abs((af.baseline_bpm ?? 0) - 72), `seed ${seed}`).toBeLessThan(2);
    }
  });
});
