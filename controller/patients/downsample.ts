import type { SessionSample } from '../../shared/schemas/session-samples.js';

/** Consecutive samples further apart than this many nominal intervals mark a gap in the data. */
const GAP_FACTOR = 3;

/**
 * At most `points` samples for a chart. Picks real samples (no averaging, so every value shown was
 * measured): per time bucket the lowest and the highest heart rate (min/max per bucket, as M4 and
 * Grafana do), always the first and the last sample of each run, so a gap in the data stays a gap
 * and is never bridged by a sample from inside it, and the night's span is exact.
 */
export function downsample(samples: readonly SessionSample[], points: number | undefined): SessionSample[] {
  if (points === undefined || samples.length <= points) return [...samples];
  const runs = splitAtGaps(samples);
  if (runs.length * 2 > points) return evenly(samples, points);
  const out: SessionSample[] = [];
  // Each run gets a share of the budget by its length, at least its two ends.
  let budget = points;
  let left = samples.length;
  runs.forEach((run, i) => {
    const later = runs.length - i - 1;
    const share = Math.max(Math.min(run.length, 2), Math.floor((budget * run.length) / left));
    const picked = minMaxBuckets(run, Math.min(share, budget - 2 * later));
    out.push(...picked);
    budget -= picked.length;
    left -= run.length;
  });
  return out.slice(0, points);
}

function splitAtGaps(samples: readonly SessionSample[]): SessionSample[][] {
  const steps = samples
    .slice(1)
    .map((s, i) => s.t - (samples[i] as SessionSample).t)
    .sort((a, b) => a - b);
  const typical = steps[Math.floor(steps.length / 2)] ?? 0;
  const runs: SessionSample[][] = [];
  let run: SessionSample[] = [];
  for (const s of samples) {
    const prev = run[run.length - 1];
    if (prev && typical > 0 && s.t - prev.t > GAP_FACTOR * typical) {
      runs.push(run);
      run = [];
    }
    run.push(s);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** The run's ends, and per bucket its min- and max-bpm samples, in time order, at most `points`. */
function minMaxBuckets(run: readonly SessionSample[], points: number): SessionSample[] {
  if (run.length <= points) return [...run];
  if (points <= 2)
    return points <= 1
      ? [run[0] as SessionSample]
      : [run[0] as SessionSample, run[run.length - 1] as SessionSample];
  const inner = run.slice(1, -1);
  const buckets = Math.max(1, Math.floor((points - 2) / 2));
  const picked: SessionSample[] = [];
  for (let b = 0; b < buckets; b++) {
    const slice = inner.slice(
      Math.floor((b * inner.length) / buckets),
      Math.floor(((b + 1) * inner.length) / buckets),
    );
    if (slice.length === 0) continue;
    const withBpm = slice.filter((s) => s.bpm !== null);
    if (withBpm.length === 0) {
      picked.push(slice[0] as SessionSample);
      continue;
    }
    const lo = withBpm.reduce((a, s) => ((s.bpm as number) < (a.bpm as number) ? s : a));
    const hi = withBpm.reduce((a, s) => ((s.bpm as number) > (a.bpm as number) ? s : a));
    picked.push(...(lo === hi ? [lo] : lo.t <= hi.t ? [lo, hi] : [hi, lo]));
  }
  return [run[0] as SessionSample, ...picked.slice(0, points - 2), run[run.length - 1] as SessionSample];
}

function evenly(samples: readonly SessionSample[], points: number): SessionSample[] {
  const out: SessionSample[] = [];
  const step = (samples.length - 1) / (points - 1);
  for (let i = 0; i < points; i++) {
    const sample = samples[Math.round(i * step)];
    if (sample) out.push(sample);
  }
  return out;
}
