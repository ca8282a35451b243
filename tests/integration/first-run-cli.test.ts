import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { freePort } from '../helpers/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

describe('nocturne controller on a fresh database', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('serves only the page that says how to create an admin, until one exists', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const db = `sqlite:${join(dir.path, 'nocturne.db')}`;
    const [httpPort, brokerPort] = [await freePort(), await freePort()];
    const child = spawnCli([
      'controller',
      '--db',
      db,
      '--port',
      String(httpPort),
      '--broker-port',
      String(brokerPort),
    ]);
    cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
    let stdout = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    await waitFor('the dashboard line', () => stdout.includes('Dashboard:'));
    const base = `http://localhost:${httpPort}`;

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('nocturne user add NAME --role admin');
    const login = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin' }),
    });
    expect(login.status).toBe(503);

    const added = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db]);
    expect(added.code).toBe(0);
    const { password } = JSON.parse(added.stdout) as { password: string };
    expect((await fetch(`${base}/login`)).status).toBe(200);
    const signedIn = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'root', password }),
    });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({ username: 'root', role: 'admin' });

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
