/**
 * A benchmark entry. Each `tests/bench/*.bench.ts` file exports `benches: Bench[]`; `npm run bench`
 * runs them all (or those whose name contains the filter given after `--`) and prints one JSON
 * document on stdout. Timing goals live here, never in tests.
 */
export interface Bench {
  /** Dotted name, e.g. `signal.accuracy.bidmc-01`. */
  name: string;
  /** Returns the measured figures (snake_case keys, units in the key: `_ms`, `_hz`, `_x_realtime`). */
  run(options: BenchOptions): Promise<Record<string, unknown>>;
}

export interface BenchOptions {
  /** Folder with the real recordings (default ../shared/data, or NOCTURNE_DATA). */
  dataDir: string;
  /** Progress lines go here (stderr), never to stdout. */
  progress(message: string): void;
}
