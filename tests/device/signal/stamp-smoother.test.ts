import { describe, expect, it } from 'vitest';
import { StampSmoother } from '../../../device/signal/stamp-smoother.js';
import { Random } from '../../../shared/random.js';

describe('StampSmoother', () => {
  it('recovers the true sample times from late, coarse, duplicated stamps', () => {
    const clock = new StampSmoother(100);
    const rng = new Random('clock');
    let worst = 0;
    for (let i = 0; i < 3000; i++) {
      const truth = i * 9.96; // the sensor's crystal is 0.4 % fast
      const stamp = Math.floor((truth + 4 * rng.next()) / 15.625) * 15.625;
      const smoothed = clock.next(stamp);
      // On average the stamps are 2 ms late and floored by half a 15.625-ms tick.
      if (i > 500) worst = Math.max(worst, Math.abs(smoothed - (truth + 2 - 7.8125)));
    }
    expect(worst).toBeLessThan(3);
  });

  it('restarts at a gap, and only there', () => {
    const clock = new StampSmoother(50);
    const restarts: number[] = [];
    for (const t of [0, 20, 40, 60, 80, 1080, 1100, 1120]) {
      clock.next(t);
      if (clock.restarted()) restarts.push(t);
    }
    expect(restarts).toEqual([0, 1080]);
  });
});
