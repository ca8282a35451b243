import { describe, expect, it } from 'vitest';
import { DetectorRhythm } from '../../../device/signal/detector-rhythm.js';

function feed(intervals: number[], calm = true): DetectorRhythm {
  const r = new DetectorRhythm();
  let t = 0;
  r.beat(t, calm);
  for (const ms of intervals) {
    t += ms;
    r.beat(t, calm);
  }
  return r;
}

describe('DetectorRhythm (the detector’s own view of the rhythm)', () => {
  const af = [620, 980, 710, 1150, 540, 860, 1020, 600, 930, 700];

  it('an AF-like run of full-size beats is irregular; a sinus rhythm is not', () => {
    expect(feed(af).irregular).toBe(true);
    expect(feed([800, 810, 795, 805, 800, 790, 805, 800]).irregular).toBe(false);
  });

  it('a lapse of a few regular-looking intervals does not end an irregular rhythm; a sinus rhythm that returns does', () => {
    const sinus = [800, 805, 795, 800, 810, 790, 800, 805];
    // The last 8 intervals first look regular after 4 sinus ones; 4 such judgements end the rhythm.
    expect(feed([...af, ...sinus.slice(0, 5)]).irregular).toBe(true);
    expect(feed([...af, ...sinus.slice(0, 6)]).irregular).toBe(true);
    expect(feed([...af, ...sinus.slice(0, 7)]).irregular).toBe(false);
    expect(feed([...af, ...sinus]).irregular).toBe(false);
  });

  it('never amid motion or before the pulse is known', () => {
    expect(feed(af, false).irregular).toBe(false);
  });

  it('a doubled rhythm (every interval split in two, alternating) is left to the period check', () => {
    expect(feed([300, 500, 310, 490, 305, 495, 300, 500]).irregular).toBe(false);
  });

  it('forgets the rhythm on reset, and skips implausible intervals (a gap)', () => {
    const r = feed(af);
    r.reset();
    expect(r.irregular).toBe(false);
    const gap = feed([...af.slice(0, 8), 5000]);
    expect(gap.irregular).toBe(true);
  });
});
