// Bundles the dashboard into dist/web (served by the controller at /): one script, one stylesheet,
// no inline code (the CSP allows 'self' only). Prints the gzipped size of the first load.
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

mkdirSync('dist/web', { recursive: true });
cpSync('controller/web/public', 'dist/web', { recursive: true });
const common = { bundle: true, minify: true, logLevel: 'warning', target: 'es2022' };
await build({
  ...common,
  entryPoints: ['controller/web/src/main.tsx'],
  format: 'esm',
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outfile: 'dist/web/app.js',
});
await build({ ...common, entryPoints: ['controller/web/styles/style.css'], outfile: 'dist/web/style.css' });

if (process.argv.includes('--size')) {
  const sizes = Object.fromEntries(
    ['index.html', 'app.js', 'style.css'].map((f) => [f, gzipSync(readFileSync(`dist/web/${f}`)).length]),
  );
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  process.stdout.write(`${JSON.stringify({ gzip_bytes: sizes, first_load_gzip_bytes: total })}\n`);
}
