import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { projectRoot } from '../../shared/package-info.js';
import type { Bench } from './bench.js';

/** Runs every bench entry (or those matching argv[2]) and prints one JSON document on stdout. */
const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const dataDir = resolve(process.env.NOCTURNE_DATA ?? join(projectRoot(), '..', 'shared', 'data'));
const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .sort();
const results: Record<string, unknown> = {};
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { benches: Bench[] };
  for (const bench of mod.benches) {
    if (!bench.name.includes(filter)) continue;
    progress(`${bench.name} …`);
    const started = performance.now();
    try {
      results[bench.name] = await bench.run({ dataDir, progress });
    } catch (err) {
      results[bench.name] = { error: err instanceof Error ? err.message : String(err) };
      process.exitCode = 1;
    }
    progress(`${bench.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

const report = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  data_dir: dataDir,
  results,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
