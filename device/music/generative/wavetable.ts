/**
 * Single-cycle wavetables: one cycle of a sum of harmonics, read with linear interpolation. Far
 * cheaper than a sine per partial, and band-limited by construction (the caller keeps
 * `fundamental × highest harmonic` well under the audible harshness region).
 */
export const TABLE_SIZE = 4096;

export type Wavetable = Float32Array;

/** `amplitudes[k]` is the level of harmonic k+1. The table has one guard sample for interpolation. */
export function makeWavetable(amplitudes: readonly number[]): Wavetable {
  const table = new Float32Array(TABLE_SIZE + 1);
  let peak = 0;
  for (let i = 0; i < TABLE_SIZE; i++) {
    let v = 0;
    for (let k = 0; k < amplitudes.length; k++) {
      v += (amplitudes[k] as number) * Math.sin((2 * Math.PI * (k + 1) * i) / TABLE_SIZE);
    }
    table[i] = v;
    peak = Math.max(peak, Math.abs(v));
  }
  for (let i = 0; i < TABLE_SIZE; i++) table[i] = (table[i] as number) / peak;
  table[TABLE_SIZE] = table[0] as number;
  return table;
}

export const SINE: Wavetable = makeWavetable([1]);
