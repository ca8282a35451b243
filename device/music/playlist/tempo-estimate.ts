/**
 * A built-in tempo estimate for files without a BPM tag: onset strength (rises in log energy,
 * 10 ms frames), autocorrelated over 40–160 BPM, weighted towards the relaxed tempi a wind-down
 * uses (a log-normal prior around 70 BPM, which also settles half/double-tempo ambiguity).
 */
export interface TempoEstimate {
  bpm: number;
  /** 0..1: how clearly one period stands out (near 0: no steady pulse, e.g. ambient drones). */
  confidence: number;
}

const HOP_S = 0.01;
const MAX_ANALYSIS_S = 120;
const PRIOR_BPM = 70;
const PRIOR_OCTAVES = 1;
/** Rises under 0.2 dB are ripple, not onsets (log10 units). */
const ONSET_FLOOR = 0.02;

export function estimateTempo(mono: Float32Array, sampleRate: number): TempoEstimate | undefined {
  const hop = Math.round(sampleRate * HOP_S);
  const frames = Math.floor(Math.min(mono.length, MAX_ANALYSIS_S * sampleRate) / hop);
  if (frames < 400) return undefined; // under 4 s: too short to hear a pulse
  const onset = new Float64Array(frames);
  let previous = 0;
  for (let f = 0; f < frames; f++) {
    let energy = 0;
    for (let i = f * hop; i < (f + 1) * hop; i++) energy += (mono[i] as number) ** 2;
    const level = Math.log10(energy / hop + 1e-10);
    onset[f] = f === 0 ? 0 : Math.max(0, level - previous - ONSET_FLOOR);
    previous = level;
  }
  const mean = onset.reduce((a, b) => a + b, 0) / frames;
  for (let f = 0; f < frames; f++) onset[f] = (onset[f] as number) - mean;
  const zeroLag = onset.reduce((a, b) => a + b * b, 0);
  if (zeroLag === 0) return undefined;

  const minLag = Math.floor(60 / (160 * HOP_S));
  const maxLag = Math.ceil(60 / (40 * HOP_S));
  const scores = new Float64Array(maxLag + 2);
  let bestLag = 0;
  let bestScore = 0;
  for (let lag = minLag; lag <= maxLag + 1; lag++) {
    let sum = 0;
    for (let f = lag; f < frames; f++) sum += (onset[f] as number) * (onset[f - lag] as number);
    const corr = sum / zeroLag;
    scores[lag] = corr;
    const bpm = 60 / (lag * HOP_S);
    const weighted = corr * Math.exp(-0.5 * (Math.log2(bpm / PRIOR_BPM) / PRIOR_OCTAVES) ** 2);
    if (lag <= maxLag && weighted > bestScore) {
      bestScore = weighted;
      bestLag = lag;
    }
  }
  if (bestLag === 0) return undefined;
  // Parabolic interpolation around the peak for sub-frame precision.
  const a = scores[bestLag - 1] as number;
  const b = scores[bestLag] as number;
  const c = scores[bestLag + 1] as number;
  const denom = a - 2 * b + c;
  const shift = denom < 0 ? (0.5 * (a - c)) / denom : 0;
  const lag = bestLag + Math.max(-0.5, Math.min(0.5, shift));
  return { bpm: 60 / (lag * HOP_S), confidence: Math.max(0, Math.min(1, b)) };
}
