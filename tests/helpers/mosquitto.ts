import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { tempDir } from './temp-dir.js';
import { waitFor } from './wait-for.js';

export interface MosquittoOptions {
  /** Keep retained messages and sessions on disk across restarts, as in production. */
  persistence?: boolean;
  /** Extra lines for mosquitto.conf (e.g. password_file, acl_file). Anonymous access is on without them. */
  extraConfig?: string[];
}

/**
 * A real Mosquitto (Debian's binary) on a free port that the test owns: it can stop and restart
 * it. Throws if the binary is missing: scripts/test installs it, and a missing broker must fail loudly.
 */
export class Mosquitto {
  private child: ChildProcess | undefined;
  private readonly dir = tempDir('nocturne-mosquitto-');
  private log = '';

  private constructor(
    readonly port: number,
    private readonly options: MosquittoOptions,
  ) {}

  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    const broker = new Mosquitto(await freePort(), options);
    // Started as root, mosquitto drops to its own user: it must be able to write its persistence file.
    chmodSync(broker.dir.path, 0o777);
    broker.writeConfig();
    await broker.restart();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get output(): string {
    return this.log;
  }

  /** Starts (again) on the same port with the same persistence directory. */
  async restart(): Promise<void> {
    if (this.child) throw new Error('mosquitto is already running');
    const child = spawn('mosquitto', ['-c', join(this.dir.path, 'mosquitto.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      this.log += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.log += chunk.toString();
    });
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    this.child = child;
    await Promise.race([
      waitFor(`mosquitto on port ${this.port}`, () => canConnect(this.port), 10_000),
      spawnError.then((err) => {
        throw new Error(`cannot run mosquitto (is it installed?): ${err.message}`);
      }),
    ]);
  }

  /** Stops the broker (SIGTERM: it saves its persistence file first). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.dir.remove();
  }

  private writeConfig(): void {
    const lines = [
      `listener ${this.port} 127.0.0.1`,
      this.options.extraConfig ? '' : 'allow_anonymous true',
      this.options.persistence ? 'persistence true' : 'persistence false',
      `persistence_location ${this.dir.path}/`,
      'log_dest stdout',
      'log_type error',
      'log_type warning',
      ...(this.options.extraConfig ?? []),
    ];
    writeFileSync(join(this.dir.path, 'mosquitto.conf'), `${lines.join('\n')}\n`);
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
