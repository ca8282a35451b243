/** Small order statistics on typed arrays, without allocating (a scratch buffer is passed in). */

/** Median of the first `n` values of `values`, using `scratch` (length ≥ n); NaN when n = 0. */
export function medianOf(values: ArrayLike<number>, n: number, scratch: Float64Array): number {
  if (n <= 0) return Number.NaN;
  for (let i = 0; i < n; i++) scratch[i] = values[i] as number;
  const part = scratch.subarray(0, n).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? (part[mid] as number) : ((part[mid - 1] as number) + (part[mid] as number)) / 2;
}

/** Median of a plain array (allocates: for per-window, not per-sample, use). */
export function median(values: readonly number[]): number {
  return medianOf(values, values.length, new Float64Array(values.length));
}
