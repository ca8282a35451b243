import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  exportProtocol,
  ISO_45,
  importProtocol,
  paramsHash,
  protocolSchema,
} from '../../shared/schemas/protocol.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const ward = protocolSchema.parse({
  name: 'ward-b',
  version: 3,
  title: 'Ward B',
  params: { session_minutes: 30, glide_minutes: 12 },
});

/** Each step is a fresh `node` process: several seconds apiece on a loaded machine. */
const CLI_TIMEOUT_MS = 120_000;

/** A protocol file from one clinic's database to another's, through `nocturne protocol`. */
describe('nocturne protocol list, export and import', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const here = `sqlite:${join(dir.path, 'here.db')}`;
  const there = `sqlite:${join(dir.path, 'there.db')}`;
  const file = join(dir.path, 'ward-b.protocol.json');
  const cli = (...args: string[]) => runCli(['protocol', ...args], { env: { LOG_LEVEL: 'error' } });

  it(
    'round-trips a file between two databases, the same intervention on both',
    async () => {
      writeFileSync(file, exportProtocol(ward));
      expect(await cli('import', file, '--db', here)).toMatchObject({
        code: 0,
        stdout: 'imported ward-b@3\n',
      });
      const again = await cli('import', file, '--db', here);
      expect(again).toMatchObject({ code: 0, stdout: 'already there, unchanged: ward-b@3\n' });

      const list = await cli('list', '--db', here);
      expect(list.code).toBe(0);
      expect(list.stdout.split('\n').slice(0, -1)).toEqual([
        `iso-45@1\t${paramsHash(ISO_45.params).slice(0, 12)}\t${ISO_45.title}\tbuilt-in`,
        `ward-b@3\t${paramsHash(ward.params).slice(0, 12)}\tWard B\t`,
      ]);

      const out = join(dir.path, 'exported.json');
      expect(await cli('export', 'ward-b@3', '--out', out, '--db', here)).toMatchObject({
        code: 0,
        stdout: '',
      });
      expect(importProtocol(readFileSync(out, 'utf8'))).toEqual(ward);
      const printed = await cli('export', 'ward-b@3', '--db', here);
      expect(printed.stdout).toBe(readFileSync(out, 'utf8'));

      expect(await cli('import', out, '--db', there)).toMatchObject({
        code: 0,
        stdout: 'imported ward-b@3\n',
      });
      expect((await cli('export', 'ward-b@3', '--db', there)).stdout).toBe(printed.stdout);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'refuses a tampered file, a changed version and an unknown one with exit 2 and one line',
    async () => {
      const tampered = JSON.parse(readFileSync(file, 'utf8'));
      tampered.params.glide_minutes = 30;
      const bad = join(dir.path, 'tampered.json');
      writeFileSync(bad, JSON.stringify(tampered));
      const changed = join(dir.path, 'changed.json');
      writeFileSync(changed, JSON.stringify({ ...tampered, hash: undefined }));
      const invalid = join(dir.path, 'invalid.json');
      writeFileSync(
        invalid,
        JSON.stringify({ ...tampered, hash: undefined, params: { session_minutes: 200 } }),
      );
      for (const [args, message] of [
        [
          ['import', bad, '--db', here],
          /^nocturne: protocol ward-b v3: its hash does not match its parameters$/,
        ],
        [['import', changed, '--db', here], /^nocturne: ward-b@3 exists with other parameters/],
        [['import', invalid, '--db', here], /^nocturne: params\.session_minutes: /],
        [['export', 'ward-b@9', '--db', here], /^nocturne: no protocol ward-b@9/],
        [['export', 'Ward B', '--db', here], /^nocturne: .*NAME@VERSION/],
      ] as const) {
        const r = await cli(...args);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr.trimEnd().split('\n'), r.stderr).toEqual([expect.stringMatching(message)]);
      }
      // Nothing of the refused files got in.
      expect((await cli('export', 'ward-b@3', '--db', here)).stdout).toBe(exportProtocol(ward));
    },
    CLI_TIMEOUT_MS,
  );
});
