import { describe, expect, it } from 'vitest';
import type { Beat } from '../../../device/signal/beat.js';
import { BeatDetector } from '../../../device/signal/beat-detector.js';
import { Random } from '../../../shared/random.js';
import { matchBeats, simulateRecording } from '../../fixtures/ppg.js';

function detect(t: Float64Array, value: Float64Array, rateHz: number): Beat[] {
  const beats: Beat[] = [];
  const detector = new BeatDetector(rateHz, { beat: (b) => beats.push(b) });
  detector.pushBatch(t, value);
  detector.flush();
  return beats;
}

describe('BeatDetector on clean simulated PPG', () => {
  it('finds every beat within ±20 ms at 100 Hz, and nothing else', () => {
    const rec = simulateRecording(120, { rateHz: 100, noise: 0, wander: 0 });
    const m = matchBeats(
      detect(rec.t, rec.value, 100).map((b) => b.t),
      rec.truth,
    );
    expect(m.falseBeats).toEqual([]);
    expect(m.missed.filter((t) => t > 1000)).toEqual([]);
    for (const e of m.errors) expect(Math.abs(e)).toBeLessThanOrEqual(20);
  });

  it.each([25, 50, 250, 500])('works at %i Hz, within a sample period plus 15 ms', (rateHz) => {
    const rec = simulateRecording(60, { rateHz, noise: 0.01, wander: 0.2 });
    const m = matchBeats(
      detect(rec.t, rec.value, rateHz).map((b) => b.t),
      rec.truth,
    );
    expect(m.falseBeats).toEqual([]);
    expect(m.missed.filter((t) => t > 1000)).toEqual([]);
    for (const e of m.errors) expect(Math.abs(e)).toBeLessThanOrEqual(1000 / rateHz + 15);
  });

  it('keeps timing under jittery, duplicated timestamps (16-ms OS timer stamps)', () => {
    const rec = simulateRecording(90, { rateHz: 100, noise: 0.01 });
    const rng = new Random('stamps');
    const stamped = rec.t.map((t) => Math.floor((t + 3 * rng.next()) / 15.625) * 15.625);
    const m = matchBeats(
      detect(stamped, rec.value, 100).map((b) => b.t),
      rec.truth,
    );
    expect(m.falseBeats).toEqual([]);
    expect(m.missed.filter((t) => t > 2000)).toEqual([]);
    const late = m.errors.filter((_, i) => rec.truth[i] !== undefined && (rec.truth[i] as number) > 5000);
    for (const e of late) expect(Math.abs(e)).toBeLessThanOrEqual(20);
  });

  it('reports each beat at most one beat period after its peak', () => {
    const rec = simulateRecording(60, { rateHz: 100 });
    const lags: number[] = [];
    let now = 0;
    const detector = new BeatDetector(100, { beat: (b) => lags.push((now - b.t) / (b.ibiMs || 900)) });
    for (let i = 0; i < rec.t.length; i++) {
      now = rec.t[i] as number;
      detector.push(now, rec.value[i] as number);
    }
    expect(lags.length).toBeGreaterThan(50);
    expect(Math.max(...lags)).toBeLessThanOrEqual(1);
  });
});

describe('BeatDetector without a pulse', () => {
  it.each([
    ['flat', 512],
    ['saturated', 1023],
  ])('a %s signal gives no beats', (_name, level) => {
    const t = Float64Array.from({ length: 3000 }, (_, i) => i * 10);
    expect(detect(t, new Float64Array(3000).fill(level), 100)).toEqual([]);
  });

  it('ADC noise of one code on a flat line gives no beats', () => {
    const t = Float64Array.from({ length: 3000 }, (_, i) => i * 10);
    const v = Float64Array.from({ length: 3000 }, (_, i) => 512 + ((i * 7919) % 3 === 0 ? 1 : 0));
    expect(detect(t, v, 100)).toEqual([]);
  });
});

describe('BeatDetector amplitude adaptation', () => {
  it.each([3, 0.3])('follows a sudden ×%s change of pulse amplitude within a few beats', (factor) => {
    const rec = simulateRecording(60, { rateHz: 100 });
    const value = rec.value.map((v, i) => ((rec.t[i] as number) >= 30_000 ? v * factor : v));
    const m = matchBeats(
      detect(rec.t, value, 100).map((b) => b.t),
      rec.truth,
    );
    expect(m.missed.filter((t) => t > 1000).length).toBeLessThanOrEqual(4);
    expect(m.missed.filter((t) => t > 40_000)).toEqual([]);
  });
});
