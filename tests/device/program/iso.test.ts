import { describe, expect, it } from 'vitest';
import { emptyHeart, observeHeart } from '../../../device/program/heart.js';
import { clampTempo, isoPlaylistOrder, isoStartTempo } from '../../../device/program/iso.js';

describe('the iso principle', () => {
  it('starts near the heart rate, within 60–80 BPM', () => {
    expect(clampTempo(55)).toBe(60);
    expect(clampTempo(92)).toBe(80);
    const heart = observeHeart(emptyHeart, 0, 67.6, 1, 0.5, 60_000);
    expect(isoStartTempo(heart, 10_000, 74)).toEqual({ bpm: 68, source: 'heart rate 68 BPM' });
    expect(isoStartTempo(heart, 40_000, 74).bpm).toBe(74); // pulse lost: the past baseline
    expect(isoStartTempo(emptyHeart, 0, null).bpm).toBe(72);
  });

  it('orders a playlist from the start tempo down, leaving out what is clearly faster', () => {
    const tracks = [
      { name: 'a', bpm: 62 },
      { name: 'b', bpm: 90 },
      { name: 'c', bpm: 74 },
      { name: 'd', bpm: 70 },
      { name: 'e', bpm: 70 },
      { name: 'f', bpm: Number.NaN },
    ];
    expect(isoPlaylistOrder(tracks, 71).map((t) => t.name)).toEqual(['c', 'd', 'e', 'a']);
    expect(isoPlaylistOrder(tracks, 60).map((t) => t.name)).toEqual(['a']);
  });
});
