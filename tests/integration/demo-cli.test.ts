import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatientView } from '../../shared/api-people.js';
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

    await waitFor('the three lines on stdout', () => stdout.split('\n').length >= 4);
    const [dashboard, broker, login, rest] = stdout.split('\n');
    expect([dashboard, broker, rest]).toEqual([
      `Dashboard: http://localhost:${httpPort}`,
      `MQTT broker: mqtt://127.0.0.1:${brokerPort}`,
      '',
    ]);
    const password = /^Login: demo \/ (\S{12,})$/.exec(login ?? '')?.[1];
    expect(password).toBeDefined();

    // The demo caregiver signs in and sees one patient per unit, each with its unit's live view.
    const signedIn = await fetch(`http://localhost:${httpPort}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password }),
    });
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const units = await waitFor('two units online', async () => {
      const res = await fetch(`http://localhost:${httpPort}/api/patients`, { headers: { cookie } });
      const list = ((await res.json()) as PatientView[]).map((p) => p.live).filter((u) => u !== null);
      return list.length === 2 && list.every((u) => u.online && u.bpm !== null) ? list : undefined;
    });
    expect(units.map((u) => u.id)).toEqual(['bed-1', 'bed-2']);
    expect((await fetch(`http://localhost:${httpPort}/api/units`, { headers: { cookie } })).status).toBe(403);

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

describe('nocturne user add', () => {
  it('creates an account, prints its generated password once, and refuses a taken name', async () => {
    const dir = tempDir();
    const db = `sqlite:${join(dir.path, 'nocturne.db')}`;
    try {
      const first = await runCli(['user', 'add', 'ada', '--role', 'admin', '--db', db]);
      expect(first.code).toBe(0);
      const printed = JSON.parse(first.stdout) as { username: string; role: string; password: string };
      expect(Object.keys(printed).sort()).toEqual(['password', 'role', 'username']);
      expect(printed).toMatchObject({ username: 'ada', role: 'admin' });
      expect(printed.password.length).toBeGreaterThanOrEqual(16);
      const again = await runCli(['user', 'add', 'ada', '--role', 'viewer', '--db', db]);
      expect(again.code).toBe(2);
      expect(again.stdout).toBe('');
      expect((await runCli(['user', 'add', 'bob', '--role', 'root', '--db', db])).code).toBe(2);
      expect((await runCli(['user', 'add', 'Bad Name', '--role', 'viewer', '--db', db])).code).toBe(2);
    } finally {
      dir.remove();
    }
  });
});

describe('nocturne command line', () => {
  it('answers --help with exit 0 for every command', async () => {
    for (const args of [
      ['--help'],
      ['demo', '--help'],
      ['device', '--help'],
      ['controller', '--help'],
      ['user', 'add', '--help'],
    ]) {
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
