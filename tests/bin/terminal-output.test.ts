import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { NOCTURNE_BIN } from '../helpers/cli.js';
import { freePort } from '../helpers/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * What a person sees: the demo at a real pseudo-terminal (util-linux `script`, in every Debian),
 * and the same demo into pipes, as CI, journald and `| jq` see it.
 */
const ESC = '\u001b[';
const PRETTY = /^\[\d\d:\d\d:\d\d\.\d{3}\] (INFO|WARN|ERROR): [\w-]+: \S/;

interface Demo {
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
}

const running: Demo[] = [];
afterEach(async () => {
  for (const demo of running.splice(0)) {
    if (demo.child.exitCode !== null) continue;
    const exited = new Promise((resolve) => demo.child.once('exit', resolve));
    demo.child.kill('SIGTERM');
    await exited;
  }
});

/** Info logs, and the format and colour decided by the terminal alone. */
function demoEnv(): NodeJS.ProcessEnv {
  const { LOG_FORMAT: _format, NO_COLOR: _no, FORCE_COLOR: _force, ...env } = process.env;
  return { ...env, LOG_LEVEL: 'info' };
}

async function demoArgs(extra: string[]): Promise<string[]> {
  const dir = tempDir('nocturne-term-');
  onTestFinished(() => dir.remove());
  const port = await freePort();
  const data = join(dir.path, 'demo');
  return ['demo', '--port', String(port), '--broker-port', '0', '--data', data, '--speed', '30', ...extra];
}

/** The demo under `script`: stdout and stderr are one terminal; `script` stops the demo when killed. */
async function demoAtTerminal(extra: string[] = []): Promise<Demo> {
  const command = [process.execPath, NOCTURNE_BIN, ...(await demoArgs(extra))].join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: demoEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const demo = { child, output: () => output, stderr: () => '' };
  running.push(demo);
  return demo;
}

async function demoIntoPipes(extra: string[] = []): Promise<Demo> {
  const child = spawn(process.execPath, [NOCTURNE_BIN, ...(await demoArgs(extra))], {
    env: demoEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const demo = { child, output: () => stdout, stderr: () => stderr };
  running.push(demo);
  return demo;
}

const untilUnitsLog = (demo: Demo) =>
  waitFor('the demo addresses and a unit log line', () => {
    const text = demo.output() + demo.stderr();
    return text.includes('MQTT broker:') && /bed-2/.test(text) && text;
  });

describe('the demo at a terminal', () => {
  it('writes short coloured log lines, and its address lines in bold among them', async () => {
    const text = await untilUnitsLog(await demoAtTerminal());
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const plain = lines.map((l) => stripVTControlCharacters(l));
    const dashboard = lines.find((l) => l.includes('Dashboard:')) ?? '';
    const broker = lines.find((l) => l.includes('MQTT broker:')) ?? '';
    expect(dashboard.startsWith(`${ESC}1m${ESC}36mDashboard: ${ESC}4mhttp:`), dashboard).toBe(true);
    expect(broker.startsWith(`${ESC}1m${ESC}36mMQTT broker: ${ESC}4mmqtt:`), broker).toBe(true);
    const logLines = plain.filter((l) => !/^(Dashboard|MQTT broker|Login): /.test(l));
    expect(logLines.length).toBeGreaterThan(2);
    for (const line of logLines) expect(line).toMatch(PRETTY);
    expect(text).toContain(`${ESC}32mINFO${ESC}39m`);
    expect(text).not.toContain('{"level":');
  });

  it('writes JSON lines with --log-format json', async () => {
    const text = await untilUnitsLog(await demoAtTerminal(['--log-format', 'json']));
    const logLines = text.split(/\r?\n/).filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(2);
    for (const line of logLines) expect(JSON.parse(line)).toMatchObject({ level: 30, name: 'demo' });
  });
});

describe('the demo into pipes', () => {
  it('writes JSON lines on stderr and exactly its address lines, unstyled, on stdout', async () => {
    const demo = await demoIntoPipes();
    await untilUnitsLog(demo);
    expect(demo.output()).toMatch(
      /^Dashboard: http:\/\/localhost:\d+\nMQTT broker: mqtt:\/\/127\.0\.0\.1:\d+\n/,
    );
    expect(demo.output()).not.toContain(ESC);
    for (const line of demo.stderr().trimEnd().split('\n')) expect(JSON.parse(line)).toHaveProperty('msg');
  });

  it('writes short lines without colour with --log-format pretty', async () => {
    const demo = await demoIntoPipes(['--log-format', 'pretty']);
    await untilUnitsLog(demo);
    expect(demo.stderr()).not.toContain(ESC);
    for (const line of demo.stderr().trimEnd().split('\n')) expect(line).toMatch(PRETTY);
  });
});
