import type { SessionSample } from '../../shared/schemas/session-samples.js';

/**
 * At most `points` samples, evenly spread over the session, keeping the first and the last so the
 * night's span is exact. Picks real samples (no averaging), so every value shown was measured.
 */
export function downsample(samples: readonly SessionSample[], points: number | undefined): SessionSample[] {
  if (points === undefined || samples.length <= points) return [...samples];
  const out: SessionSample[] = [];
  const step = (samples.length - 1) / (points - 1);
  for (let i = 0; i < points; i++) {
    const sample = samples[Math.round(i * step)];
    if (sample) out.push(sample);
  }
  return out;
}
