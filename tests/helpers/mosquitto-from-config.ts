import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { waitFor } from './wait-for.js';

/** A real Mosquitto run with a config file as written (e.g. by `nocturne broker-config`). */
export class MosquittoFromConfig {
  private log = '';

  private constructor(private readonly child: ChildProcess) {}

  static async start(confFile: string, port: number): Promise<MosquittoFromConfig> {
    // Started as root, mosquitto drops to its own user: it must be able to write its persistence.
    chmodSync(dirname(confFile), 0o777);
    const child = spawn('mosquitto', ['-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const broker = new MosquittoFromConfig(child);
    const collect = (chunk: Buffer) => {
      broker.log += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (err) => reject(new Error(`cannot run mosquitto: ${err.message}`)));
      child.once('exit', (code) => reject(new Error(`mosquitto exited (${code}): ${broker.log}`)));
    });
    await Promise.race([waitFor(`mosquitto on port ${port}`, () => canConnect(port), 10_000), failed]);
    failed.catch(() => {});
    return broker;
  }

  get output(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
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
