import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { UnitView } from '../../shared/api.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { freePort } from '../helpers/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const exec = promisify(execFile);

describe('nocturne demo', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('prints the dashboard and broker addresses, serves two live units, and shuts down cleanly on Ctrl-C', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const [httpPort, brokerPort] = [await freePort(), await freePort()];
    const child = spawnCli([
      'demo',
      '--port',
      String(httpPort),
      '--broker-port',
      String(brokerPort),
      '--speed',
      '30',
      '--data',
      join(dir.path, 'demo'),
    ]);
    cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
    let stdout = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });

    await waitFor('both lines on stdout', () => stdout.split('\n').length >= 3);
    expect(stdout).toBe(
      `Dashboard: http://localhost:${httpPort}\nMQTT broker: mqtt://127.0.0.1:${brokerPort}\n`,
    );

    const units = await waitFor('two units online', async () => {
      const list = (await (await fetch(`http://localhost:${httpPort}/api/units`)).json()) as UnitView[];
      return list.length === 2 && list.every((u) => u.online && u.bpm !== null) ? list : undefined;
    });
    expect(units.map((u) => u.id)).toEqual(['bed-1', 'bed-2']);

    // Integrators can read the retained status anonymously, with the stock Mosquitto client.
    const sub = await exec('mosquitto_sub', [
      '-p',
      String(brokerPort),
      '-t',
      'nocturne/v1/+/status',
      '-v',
      '-C',
      '2',
      '-W',
      '5',
    ]);
    const lines = sub.stdout.trim().split('\n').sort();
    expect(lines.map((l) => l.split(' ')[0])).toEqual([
      'nocturne/v1/bed-1/status',
      'nocturne/v1/bed-2/status',
    ]);
    for (const line of lines)
      expect(JSON.parse(line.slice(line.indexOf(' ') + 1))).toMatchObject({ state: 'online' });

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('exits 2 and names --port when the dashboard port is taken', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
    const result = await runCli([
      'demo',
      '--port',
      String(port),
      '--broker-port',
      '0',
      '--data',
      join(dir.path, 'demo'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--port');
  });
});

describe('nocturne command line', () => {
  it('answers --help with exit 0 for every command', async () => {
    for (const args of [['--help'], ['demo', '--help'], ['device', '--help'], ['controller', '--help']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: nocturne');
    }
  });

  it('exits 2 with one line on bad usage', async () => {
    for (const args of [
      ['device'],
      ['device', '--simulate', '--id', 'Bad Id'],
      ['demo', '--units', '0'],
      ['no-such-command'],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().length, args.join(' ')).toBeGreaterThan(0);
    }
  });
});
