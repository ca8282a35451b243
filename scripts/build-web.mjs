// Bundles the dashboard into dist/web (served by the controller at /).
import { cpSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

mkdirSync('dist/web', { recursive: true });
cpSync('controller/web/public', 'dist/web', { recursive: true });
await build({
  entryPoints: ['controller/web/src/app.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  outfile: 'dist/web/app.js',
  logLevel: 'warning',
});
