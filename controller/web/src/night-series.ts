import type uPlot from 'uplot';
import type { SessionSample } from '../../../shared/schemas/session-samples.js';

/**
 * The night's samples as uPlot columns (x in seconds). Where the time between two samples is far
 * above the usual step, a null row is put between them, so the chart draws a gap there instead of
 * a line across time nobody measured. A null heart rate (no valid pulse) is a gap too.
 */
export function nightColumns(samples: readonly SessionSample[]): uPlot.AlignedData {
  const steps = samples
    .slice(1)
    .map((s, i) => s.t - (samples[i]?.t ?? s.t))
    .sort((a, b) => a - b);
  const usual = steps[Math.floor(steps.length / 2)] ?? 0;
  const gapAfter = Math.max(usual * 3, 15_000);
  const x: number[] = [];
  const cols: (number | null)[][] = [[], [], [], [], []];
  const push = (t: number, values: (number | null)[]) => {
    x.push(t / 1000);
    for (const [i, v] of values.entries()) cols[i]?.push(v);
  };
  let previous: number | undefined;
  for (const s of samples) {
    if (previous !== undefined && s.t - previous > gapAfter)
      push((previous + s.t) / 2, [null, null, null, null, null]);
    push(s.t, [s.bpm, s.trend_bpm, s.tempo_bpm, s.volume_db, s.light * 100]);
    previous = s.t;
  }
  return [x, ...cols];
}
