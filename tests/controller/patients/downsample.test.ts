import { describe, expect, it } from 'vitest';
import { downsample } from '../../../controller/patients/downsample.js';
import type { SessionSample } from '../../../shared/schemas/session-samples.js';

const sample = (t: number, bpm: number | null): SessionSample => ({
  t,
  phase: 'descending',
  bpm,
  quality: bpm === null ? 0 : 0.9,
  trend_bpm: bpm,
  tempo_bpm: 60,
  volume_db: 40,
  light: 0.2,
});
/** 90 minutes at one sample per 2 s, a slow fall with a spike and a dip. */
const night = Array.from({ length: 2700 }, (_, i) => {
  const bpm = i === 1000 ? 130 : i === 2000 ? 41 : 75 - i / 200;
  return sample(1_000_000 + i * 2000, Math.round(bpm * 10) / 10);
});
const withGap = [...night.slice(0, 1200), ...night.slice(1500)];

describe('downsampling for charts', () => {
  it.each([
    ['no limit', undefined, night.length],
    ['a limit above the length', 5000, night.length],
    ['500 points', 500, 500],
    ['101 points', 101, 101],
    ['2 points', 2, 2],
  ])('%s: at most N real samples', (_name, points, expected) => {
    const out = downsample(night, points);
    expect(out.length).toBeLessThanOrEqual(expected);
    expect(out.length).toBeGreaterThanOrEqual(Math.min(expected, 2));
    for (const s of out) expect(night).toContain(s);
    expect(out.map((s) => s.t)).toEqual([...out.map((s) => s.t)].sort((a, b) => a - b));
  });

  it('keeps the span, the spike and the dip', () => {
    const out = downsample(night, 100);
    expect(out[0]).toBe(night[0]);
    expect(out[out.length - 1]).toBe(night[night.length - 1]);
    expect(out.map((s) => s.bpm)).toContain(130);
    expect(out.map((s) => s.bpm)).toContain(41);
  });

  it('a gap stays a gap: both its edges are kept and nothing from inside it appears', () => {
    const out = downsample(withGap, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    const ts = out.map((s) => s.t);
    expect(ts).toContain(night[1199]?.t);
    expect(ts).toContain(night[1500]?.t);
    const biggest = Math.max(...ts.slice(1).map((t, i) => t - (ts[i] as number)));
    expect(biggest).toBe((night[1500]?.t ?? 0) - (night[1199]?.t ?? 0));
  });

  it('samples without a pulse are kept as such (no invented heart rate)', () => {
    const lost = night.map((s, i) => (i >= 100 && i < 400 ? { ...s, bpm: null } : s));
    const out = downsample(lost, 60);
    expect(out.some((s) => s.bpm === null)).toBe(true);
    for (const s of out) expect(lost).toContain(s);
  });
});
