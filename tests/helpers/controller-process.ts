import type { ChildProcess } from 'node:child_process';
import { spawnCli } from './cli.js';
import { waitFor } from './wait-for.js';

/** A `nocturne controller` child process and the dashboard URL it printed. */
export interface ControllerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves when the process has exited. */
  exited(): Promise<void>;
}

/** Starts `nocturne controller ...args` on a free HTTP port and waits for its `Dashboard:` line. */
export async function spawnController(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ControllerProcess> {
  const child = spawnCli(['controller', '--port', '0', ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await waitFor(
    'the controller’s dashboard line',
    () => {
      if (child.exitCode !== null) throw new Error(`controller exited: ${stderr.slice(-2000)}`);
      return /^Dashboard: (\S+)$/m.exec(stdout)?.[1];
    },
    30_000,
  );
  return { child, url, output: () => stdout + stderr, exited: () => gone };
}

/** Signs in over HTTP; returns the headers of that session. */
export async function signInAt(
  url: string,
  username: string,
  password: string,
): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login at ${url}: HTTP ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrf_token } = (await res.json()) as { csrf_token: string };
  return { cookie, 'x-csrf-token': csrf_token };
}
