import { describe, expect, it } from 'vitest';
import { EarlyPulses, rawRiseAt } from '../../../device/signal/early-pulse.js';
import { SampleHistory } from '../../../device/signal/sample-history.js';

const RATE_HZ = 100;

/** A history holding `f(t)` sampled at 100 Hz for `seconds`. */
function history(seconds: number, f: (t: number) => number): SampleHistory {
  const h = new SampleHistory(seconds * RATE_HZ);
  for (let i = 0; i < seconds * RATE_HZ; i++) h.push(f(i / RATE_HZ), 0, (1000 * i) / RATE_HZ);
  return h;
}

const bump = (t: number, at: number, height: number, width: number) =>
  height * Math.exp(-((t - at) ** 2) / (2 * width * width));

describe('rawRiseAt', () => {
  it('measures a small early pulse from its own foot on the diastolic wave under it', () => {
    // A full pulse at 0.5 s, its diastolic wave at 0.8 s, a pulse of a third at 0.9 s on that wave.
    const h = history(2, (t) => bump(t, 0.5, 1, 0.08) + bump(t, 0.8, 0.4, 0.12) + bump(t, 0.9, 1 / 3, 0.03));
    const rise = rawRiseAt(h, 90, 8, RATE_HZ, 0, 1);
    // About its own height (the wave falls a little under it), not its top over the trough
    // before the diastolic wave (0.56).
    expect(rise).toBeGreaterThan(0.25);
    expect(rise).toBeLessThan(0.34);
  });

  it('is zero on a flat signal and reads nothing before the floor', () => {
    expect(
      rawRiseAt(
        history(1, () => 5),
        50,
        8,
        RATE_HZ,
        0,
        1,
      ),
    ).toBe(0);
    const h = history(1, (t) => (t < 0.3 ? 10 : 0));
    expect(rawRiseAt(h, 60, 8, RATE_HZ, 40, 1)).toBe(0);
  });
});

describe('EarlyPulses', () => {
  const learned = () => {
    const e = new EarlyPulses(8);
    for (let i = 0; i < 8; i++) e.remember(100);
    return e;
  };

  it('needs the recent beats, a rise from 15 % and the 0.33 s of the shortest cycle', () => {
    const fresh = new EarlyPulses(8);
    expect(fresh.couldBe(20, 100, 400)).toBe(false);
    const e = learned();
    expect(e.couldBe(20, 100, 400)).toBe(true);
    expect(e.couldBe(10, 100, 400)).toBe(false);
    expect(e.couldBe(20, 100, 300)).toBe(false);
    expect(e.couldBe(20, 100, Number.NaN)).toBe(false);
  });

  it('is confirmed by a raw rise of a fifth of the recent beats', () => {
    const e = learned();
    expect(e.confirms(25)).toBe(true);
    expect(e.confirms(15)).toBe(false);
    e.reset();
    expect(e.couldBe(20, 100, 400)).toBe(false);
  });
});
