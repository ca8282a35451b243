import { SAMPLE_RATE, type StereoBlock } from './format.js';

/**
 * Loudness per ITU-R BS.1770-4 / EBU R128 at 48 kHz: K-weighting (a high shelf and a high-pass),
 * mean square per channel, −0.691 + 10·log10(sum). Momentary = 400 ms windows, short-term = 3 s,
 * both every 100 ms; integrated = gated (−70 LUFS absolute, −10 LU relative). Used to normalise
 * files and to prove the output stays under the cap.
 */
export interface LoudnessReport {
  /** Gated programme loudness, LUFS; −Infinity for silence. */
  integratedLufs: number;
  /** Loudest 3 s window, LUFS. */
  maxShortTermLufs: number;
  /** Loudest 400 ms window, LUFS. */
  maxMomentaryLufs: number;
  /** Short-term loudness every 100 ms (for plots and fade checks). */
  shortTermLufs: Float64Array;
}

const SEGMENT = SAMPLE_RATE / 10;
const ABSOLUTE_GATE = -70;
const RELATIVE_GATE = -10;

// BS.1770-4 Table 1 and 2: the two K-weighting biquads at 48 kHz.
const SHELF = {
  b: [1.53512485958697, -2.69169618940638, 1.19839281085285],
  a: [-1.69065929318241, 0.73248077421585],
};
const HIGHPASS = { b: [1, -2, 1], a: [-1.99004745483398, 0.99007225036621] };

/** Sum of squared K-weighted samples of one channel, per 100 ms segment. */
function segmentEnergies(x: Float32Array, segments: number): Float64Array {
  const out = new Float64Array(segments);
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let h4 = 0;
  const [b0, b1, b2] = SHELF.b as [number, number, number];
  const [a1, a2] = SHELF.a as [number, number];
  const [c1, c2] = HIGHPASS.a as [number, number];
  for (let seg = 0; seg < segments; seg++) {
    let sum = 0;
    const end = Math.min(x.length, (seg + 1) * SEGMENT);
    for (let i = seg * SEGMENT; i < end; i++) {
      const v = x[i] as number;
      const y = b0 * v + b1 * s1 + b2 * s2 - a1 * s3 - a2 * s4;
      s2 = s1;
      s1 = v;
      s4 = s3;
      s3 = y;
      const z = y - 2 * h1 + h2 - c1 * h3 - c2 * h4;
      h2 = h1;
      h1 = y;
      h4 = h3;
      h3 = z;
      sum += z * z;
    }
    out[seg] = sum;
  }
  return out;
}

function lufs(meanSquare: number): number {
  return meanSquare > 0 ? -0.691 + 10 * Math.log10(meanSquare) : Number.NEGATIVE_INFINITY;
}

/** Loudness of each window of `width` segments, every segment (from the first full window). */
function windows(energy: Float64Array, width: number): Float64Array {
  const count = Math.max(0, energy.length - width + 1);
  const out = new Float64Array(count);
  let sum = 0;
  for (let i = 0; i < energy.length; i++) {
    sum += energy[i] as number;
    if (i >= width) sum -= energy[i - width] as number;
    if (i >= width - 1) out[i - width + 1] = lufs(Math.max(0, sum) / (width * SEGMENT));
  }
  return out;
}

export function measureLoudness(block: StereoBlock): LoudnessReport {
  const segments = Math.floor(block.left.length / SEGMENT);
  const l = segmentEnergies(block.left, segments);
  const r = segmentEnergies(block.right, segments);
  const energy = l.map((v, i) => v + (r[i] as number));
  const momentary = windows(energy, 4);
  const shortTerm = windows(energy, 30);
  return {
    integratedLufs: gated(momentary),
    maxShortTermLufs: max(shortTerm),
    maxMomentaryLufs: max(momentary),
    shortTermLufs: shortTerm,
  };
}

/** BS.1770 gating over the 400 ms blocks (75 % overlap). */
function gated(blocks: Float64Array): number {
  const energyOf = (l: number) => 10 ** ((l + 0.691) / 10);
  const mean = (values: number[]) => values.reduce((s, l) => s + energyOf(l), 0) / values.length;
  const loud = [...blocks].filter((l) => l > ABSOLUTE_GATE);
  if (loud.length === 0) return Number.NEGATIVE_INFINITY;
  const relative = lufs(mean(loud)) + RELATIVE_GATE;
  const kept = loud.filter((l) => l > relative);
  return lufs(mean(kept));
}

function max(values: Float64Array): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > m) m = v;
  return m;
}
