import { describe, expect, it } from 'vitest';
import { nightColumns } from '../../../controller/web/src/night-series.js';
import type { SessionSample } from '../../../shared/schemas/session-samples.js';

const sample = (t: number, bpm: number | null): SessionSample => ({
  t,
  phase: 'descending',
  bpm,
  quality: bpm === null ? 0 : 0.9,
  trend_bpm: bpm,
  tempo_bpm: 60,
  volume_db: 40,
  light: 0.25,
});

describe('night review columns', () => {
  it('puts one null row inside a gap in sample time, and nowhere else', () => {
    const t0 = 1_800_000_000_000;
    const samples = [0, 2, 4, 6, 60, 62].map((s, i) => sample(t0 + s * 1000, 60 + i));
    const [x, hr, trend, tempo, volume, light] = nightColumns(samples);
    expect(x).toEqual([0, 2, 4, 6, 33, 60, 62].map((s) => (t0 + s * 1000) / 1000));
    expect(hr).toEqual([60, 61, 62, 63, null, 64, 65]);
    for (const col of [trend, tempo, volume, light]) expect(col?.[4]).toBeNull();
    expect(light?.[0]).toBe(25);
  });

  it('keeps a lost pulse as a null heart rate, never interpolated', () => {
    const samples = [0, 2, 4].map((s, i) => sample(s * 1000, i === 1 ? null : 70));
    const [x, hr, , tempo] = nightColumns(samples);
    expect(x).toHaveLength(3);
    expect(hr).toEqual([70, null, 70]);
    expect(tempo).toEqual([60, 60, 60]);
  });
});
