import { round } from '../../shared/round.js';
import { MAX_SAMPLES_PER_BATCH, type SessionSample as Sample } from '../../shared/schemas/session-samples.js';

export interface SampleBatch {
  interval_ms: number;
  samples: Sample[];
}

/**
 * Joins two batches of one session into one (the outbox is over its bound). When the result would
 * exceed the batch limit, neighbouring samples are averaged pairwise until it fits: a coarser
 * batch, with `interval_ms` doubled each time, instead of lost samples.
 */
export function mergeBatches(a: SampleBatch, b: SampleBatch): SampleBatch {
  let samples = [...a.samples, ...b.samples].sort((x, y) => x.t - y.t);
  let interval = Math.max(a.interval_ms, b.interval_ms);
  while (samples.length > MAX_SAMPLES_PER_BATCH) {
    samples = thin(samples);
    interval *= 2;
  }
  return { interval_ms: interval, samples };
}

function thin(samples: Sample[]): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < samples.length; i += 2) {
    const pair = samples.slice(i, i + 2);
    const first = pair[0] as Sample;
    const last = pair.at(-1) as Sample;
    out.push({
      t: first.t,
      // A pair that spans a phase change keeps the later phase: the one the session moved into.
      phase: last.phase,
      bpm: meanOrNull(
        pair.map((s) => s.bpm),
        1,
      ),
      quality: round(mean(pair.map((s) => s.quality)), 3),
      volume_db: meanOrNull(
        pair.map((s) => s.volume_db),
        1,
      ),
      light: round(mean(pair.map((s) => s.light)), 3),
      trend_bpm: meanOrNull(
        pair.map((s) => s.trend_bpm),
        1,
      ),
      tempo_bpm: round(mean(pair.map((s) => s.tempo_bpm)), 1),
    });
  }
  return out;
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function meanOrNull(values: (number | null)[], digits: number): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : round(mean(present), digits);
}
