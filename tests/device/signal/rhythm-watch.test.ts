import { describe, expect, it } from 'vitest';
import { RhythmWatch } from '../../../device/signal/rhythm-watch.js';

const estimate = (t: number, irregular: boolean | null | undefined) => ({
  t,
  bpm: 70,
  quality: 0.9,
  source: 'ppg' as const,
  irregular,
});

describe('RhythmWatch (state.rhythm_irregularity)', () => {
  it('is null until a window is judged, then the irregular share of the last 5 minutes', () => {
    const watch = new RhythmWatch();
    watch.add(estimate(0, null));
    watch.add(estimate(2000, undefined));
    expect(watch.share(2000)).toBeNull();
    for (let t = 4000; t < 4000 + 60 * 2000; t += 2000) watch.add(estimate(t, t % 4000 === 0));
    expect(watch.share(124_000)).toBe(0.5);
    // Five minutes later only the regular ones of the last 5 minutes count.
    for (let t = 124_000; t < 424_000; t += 2000) watch.add(estimate(t, false));
    expect(watch.share(424_000)).toBe(0);
    expect(watch.share(424_000 + 5 * 60_000)).toBeNull();
  });
});
