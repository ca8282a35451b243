import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Argument, type Command, InvalidArgumentError, type Option } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { newProgram } from '../../bin/cli.js';
import { type Finished, runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * DESIGN.md "Command line": bad usage or input exits 2 with one line on stderr. The commands come
 * from the commander program itself (every `register*` in bin/commands/), so a command added
 * later is covered without touching this file.
 */
const COMMANDS_DIR = fileURLToPath(new URL('../../bin/commands/', import.meta.url));

async function programWithEveryCommand(): Promise<Command> {
  const program = newProgram();
  for (const file of readdirSync(COMMANDS_DIR, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!file.endsWith('.ts')) continue;
    const module = (await import(join(COMMANDS_DIR, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (name.startsWith('register') && typeof value === 'function')
        (value as (p: Command) => void)(program);
    }
  }
  return program;
}

interface Leaf {
  path: string[];
  command: Command;
}

function leaves(command: Command, path: string[] = []): Leaf[] {
  const own = command.commands.filter((c) => c.name() !== 'help');
  if (own.length === 0) return [{ path, command }];
  return own.flatMap((c) => leaves(c, [...path, c.name()]));
}

/** Values that a strict parser (numbers, ranges, ids, URLs, files) turns down. */
const BAD_VALUES = ['not-a-number', '-1', '1e12', 'Bad Id!', '/nonexistent-nocturne/x/y'];

function rejectedValue(
  parse: ((value: string, previous: unknown) => unknown) | undefined,
): string | undefined {
  if (!parse) return undefined;
  return BAD_VALUES.find((value) => {
    try {
      parse(value, undefined);
      return false;
    } catch (err) {
      return err instanceof InvalidArgumentError;
    }
  });
}

/**
 * Ways to call this command wrongly that need no knowledge of what it does: an unknown flag, no
 * arguments when some are required, and one bad value for a choice, an option parser and an
 * argument parser each (the first it has; more would only retest commander).
 */
function badCalls({ path, command }: Leaf): string[][] {
  const calls: string[][] = [[...path, '--bogus-flag']];
  const options = command.options as readonly Option[];
  const args = command.registeredArguments as readonly Argument[];
  if (args.some((a) => a.required) || options.some((o) => o.mandatory)) calls.push(path);
  const choice = options.find((o) => o.argChoices);
  if (choice) calls.push([...path, choice.long ?? choice.flags, 'not-a-choice']);
  for (const option of options) {
    const bad = rejectedValue(option.parseArg);
    if (bad === undefined) continue;
    calls.push([...path, `${option.long ?? option.flags}=${bad}`]);
    break;
  }
  for (const [i, arg] of args.entries()) {
    const bad = rejectedValue(arg.parseArg);
    if (bad === undefined) continue;
    // The arguments before it get plausible stand-ins, so the bad one is the one judged.
    calls.push([...path, ...args.slice(0, i).map(() => 'x'), bad]);
    break;
  }
  return calls;
}

function expectOneLineUsageFailure(r: Finished, args: string[]): void {
  const label = `nocturne ${args.join(' ')}\n${r.stderr}`;
  expect(r.code, label).toBe(2);
  expect(r.stdout, label).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, label).toHaveLength(1);
  expect(lines[0], label).toMatch(/^nocturne: \S/);
  expect(lines[0], label).not.toMatch(/\bat .+:\d+:\d+\)?$/);
}

// Errors only: a warning that a command logs on its way (a skipped file) is not its failure line.
const run = (args: string[]) => runCli(args, { env: { LOG_LEVEL: 'error', LOG_FORMAT: 'json' } });

const program = await programWithEveryCommand();
const commands = leaves(program);

describe('every nocturne command with a bad argument', () => {
  it('finds every command the binary lists', async () => {
    const help = await runCli(['--help']);
    const listed = [...help.stdout.matchAll(/^ {2}([a-z][\w-]*)/gm)]
      .map((m) => m[1])
      .filter((name) => name !== 'help');
    expect(listed.length).toBeGreaterThan(5);
    expect(program.commands.map((c) => c.name()).sort()).toEqual([...new Set(listed)].sort());
  });

  it('rejects a bad global option the same way', async () => {
    const calls = [['--log-format', 'xml', 'asyncapi'], ['no-such-command'], ['--bogus-flag']];
    const results = await Promise.all(calls.map(run));
    for (const [i, r] of results.entries()) expectOneLineUsageFailure(r, calls[i] as string[]);
  });

  it.each(commands.map((leaf) => [leaf.path.join(' '), leaf] as const))(
    '%s exits 2 with one nocturne: line',
    async (_name, leaf) => {
      const calls = badCalls(leaf);
      expect(calls.length).toBeGreaterThan(0);
      const results = await Promise.all(calls.map(run));
      for (const [i, r] of results.entries()) expectOneLineUsageFailure(r, calls[i] as string[]);
    },
    60_000,
  );
});

describe.concurrent('commands that take files, given one they cannot read or write', () => {
  const dir = tempDir('nocturne-cli-files-');
  const missingFolder = join(dir.path, 'missing');
  const aFile = join(dir.path, 'a-file.txt');
  const notJson = join(dir.path, 'unit.json');
  const folder = join(dir.path, 'folder');
  beforeAll(() => {
    writeFileSync(aFile, 'not a folder\n');
    writeFileSync(notJson, '{ not json');
    mkdirSync(folder);
    return () => dir.remove();
  });
  // Paths under a regular file can never be created, not even by root (ENOTDIR / EEXIST).
  const underAFile = (name: string) => join(aFile, name);

  it.each([
    ['analyze-ppg, a missing file', () => ['analyze-ppg', join(missingFolder, 'ppg.csv'), '--rate', '100']],
    ['analyze-ppg, a folder', () => ['analyze-ppg', folder, '--rate', '100']],
    [
      'render --out into a missing folder',
      () => ['render', '--minutes', '1', '--out', join(missingFolder, 'x.wav')],
    ],
    ['render --out onto a folder', () => ['render', '--minutes', '1', '--out', folder]],
    [
      'render --hr-csv, a missing file',
      () => [
        'render',
        '--minutes',
        '1',
        '--out',
        join(dir.path, 'x.wav'),
        '--hr-csv',
        join(missingFolder, 'hr.csv'),
      ],
    ],
    [
      'play --out into a missing folder',
      () => ['play', '--adapter', 'wav', '--out', join(missingFolder, 'x.wav')],
    ],
    ['play, no readable file', () => ['play', '--adapter', 'null', join(missingFolder, 'song.flac')]],
    ['device --config, a missing file', () => ['device', '--config', join(missingFolder, 'unit.json')]],
    ['device --config, not JSON', () => ['device', '--config', notJson]],
    [
      'device --audio-path into a missing folder',
      () => ['device', '--simulate', '--audio', 'wav', '--audio-path', join(missingFolder, 'x.wav')],
    ],
    ['doctor --config, a folder', () => ['doctor', '--config', folder]],
    ['doctor --config, not JSON', () => ['doctor', '--config', notJson]],
    [
      'add-unit --db, a folder that cannot be made',
      () => ['add-unit', 'bed-1', '--db', `sqlite:${underAFile('x.db')}`],
    ],
    [
      'controller --db, a folder that cannot be made',
      () => ['controller', '--db', `sqlite:${underAFile('x.db')}`, '--port', '0', '--broker-port', '0'],
    ],
    ['score, a missing file', () => ['score', 'psqi', join(missingFolder, 'psqi.json')]],
    ['score, not JSON', () => ['score', 'isi', notJson]],
    ['config check, a missing file', () => ['config', 'check', join(missingFolder, 'unit.json')]],
    ['config check, a folder', () => ['config', 'check', folder]],
    ['logs, a state dir that is a file', () => ['logs', '--state-dir', aFile]],
    [
      'user add --db, a folder that cannot be made',
      () => ['user', 'add', 'nurse', '--role', 'caregiver', '--db', `sqlite:${underAFile('x.db')}`],
    ],
    ['protocol import, a missing file', () => ['protocol', 'import', join(missingFolder, 'p.json')]],
    [
      'protocol import, not JSON',
      () => ['protocol', 'import', notJson, '--db', `sqlite:${join(dir.path, 'p.db')}`],
    ],
    [
      'protocol export --out into a missing folder',
      () => [
        'protocol',
        'export',
        'iso-45@1',
        '--out',
        join(missingFolder, 'p.json'),
        '--db',
        `sqlite:${join(dir.path, 'p.db')}`,
      ],
    ],
    [
      'demo --data, a folder that cannot be made',
      () => ['demo', '--data', underAFile('demo'), '--port', '0', '--broker-port', '0'],
    ],
  ])('%s: exit 2, one nocturne: line', async (_what, makeArgs) => {
    const args = makeArgs();
    expectOneLineUsageFailure(await run(args), args);
  });
});

describe('a failure at run time, not of the input', () => {
  it('doctor closes its report with one nocturne: line naming the failed checks, exit 1', async () => {
    const dir = tempDir('nocturne-doctor-');
    try {
      const config = join(dir.path, 'unit.json');
      const simulated = { adapter: 'simulated' };
      const broker = { url: `mqtt://127.0.0.1:${await freePort()}` };
      const ports = { pulse: simulated, light: simulated, remote: simulated };
      writeFileSync(config, JSON.stringify({ unit_id: 'bed-1', broker, ports, audio: { adapter: 'null' } }));
      const r = await run(['doctor', '--config', config]);
      expect(r.code, r.stderr).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
      expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('nocturne: 1 configured check(s) failed: broker');
    } finally {
      dir.remove();
    }
  });

  it('exits 1 with one nocturne: line after the result (play into a sound card that is not there)', async () => {
    const r = await run(['play', '--adapter', 'aplay', '--device', 'hw:97,0', '--seconds', '1']);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, faults: [{ code: 'E_AUDIO_DEVICE_MISSING' }] });
    const failures = r.stderr.split('\n').filter((l) => l.startsWith('nocturne: '));
    expect(failures).toEqual([
      expect.stringMatching(/^nocturne: the sound output failed: aplay on hw:97,0 /),
    ]);
  });
});
