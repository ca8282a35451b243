import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';
import { waitFor } from './wait-for.js';

/** One datagram systemd would have read: its `KEY=VALUE` lines and when it arrived (ms, monotonic). */
export interface NotifyMessage {
  at_ms: number;
  fields: Record<string, string>;
}

/**
 * Receives on a unix datagram socket and closes any file descriptor passed with a message (the
 * BARRIER=1 that systemd-notify waits on), as systemd's manager does. Node cannot open one.
 */
const LISTENER = `
import array, json, os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print(json.dumps({"listening": True}), flush=True)
while True:
    data, anc, _, _ = s.recvmsg(65536, socket.CMSG_SPACE(16 * 4))
    for level, kind, raw in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds = array.array("i")
            fds.frombytes(raw[: len(raw) - len(raw) % fds.itemsize])
            for fd in fds:
                os.close(fd)
    print(json.dumps({"at_ms": time.monotonic() * 1000, "text": data.decode()}), flush=True)
`;

/** A fake NOTIFY_SOCKET: a Python listener (the test needs python3) that records every message. */
export class FakeNotifySocket {
  readonly messages: NotifyMessage[] = [];
  private readonly dir = tempDir('nocturne-notify-');
  private child: ChildProcess | undefined;
  private listening = false;
  private errors = '';

  get path(): string {
    return join(this.dir.path, 'notify');
  }

  static async open(): Promise<FakeNotifySocket> {
    const socket = new FakeNotifySocket();
    await socket.start();
    return socket;
  }

  /** Messages that carry `key` (e.g. WATCHDOG), in arrival order. */
  with(key: string): NotifyMessage[] {
    return this.messages.filter((m) => key in m.fields);
  }

  async close(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    this.dir.remove();
  }

  private async start(): Promise<void> {
    const child = spawn('python3', ['-c', LISTENER, this.path], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) this.onLine(line);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.errors += chunk.toString();
    });
    await waitFor(
      'the fake notify socket',
      () => {
        if (child.exitCode !== null) throw new Error(`python3 listener exited: ${this.errors}`);
        return this.listening && existsSync(this.path);
      },
      10_000,
    );
  }

  private onLine(line: string): void {
    const parsed = JSON.parse(line) as { listening?: true; at_ms?: number; text?: string };
    if (parsed.listening) {
      this.listening = true;
      return;
    }
    const fields: Record<string, string> = {};
    for (const entry of (parsed.text ?? '').split('\n')) {
      const eq = entry.indexOf('=');
      if (eq > 0) fields[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    this.messages.push({ at_ms: parsed.at_ms ?? 0, fields });
  }
}
