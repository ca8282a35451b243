import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Clock } from '../../../shared/clock.js';
import { NocturneError } from '../../../shared/errors.js';
import { DeviceErrorCode } from '../../errors/codes.js';
import { PCM_CHANNELS, PCM_SAMPLE_RATE } from './index.js';
import { type DeviceHandle, type DeviceOpener, SupervisedSink } from './supervised.js';

export interface AplayOptions {
  clock: Clock;
  /** ALSA device (`aplay -D`), e.g. "default", "plughw:1,0". Config key `audio.device`. */
  device?: string;
  /** The aplay binary (alsa-utils). */
  command?: string;
  /** Environment for the child (tests point ALSA_CONFIG_PATH at a file plugin). */
  env?: NodeJS.ProcessEnv;
}

/**
 * ALSA through an `aplay` child process fed raw PCM on stdin. The process boundary isolates the
 * unit from the sound stack: a crashing driver or a pulled USB DAC kills aplay, never the unit,
 * and the supervisor starts a new one. The choice on 64-bit Raspberry Pi OS, where `speaker`
 * does not build.
 */
export class AplaySink extends SupervisedSink {
  constructor(o: AplayOptions) {
    super({ adapter: 'aplay', clock: o.clock, open: aplayOpener(o) });
  }
}

function aplayOpener(o: AplayOptions): DeviceOpener {
  const command = o.command ?? 'aplay';
  const args = ['-q', '-t', 'raw', '-f', 'S16_LE', '-c', String(PCM_CHANNELS), '-r', String(PCM_SAMPLE_RATE)];
  if (o.device) args.push('-D', o.device);
  args.push('-');
  return (onFailure) =>
    new Promise<DeviceHandle>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'], env: o.env ?? process.env });
      const handle = new AplayHandle(child, o.device ?? 'default', onFailure);
      child.once('spawn', () => resolve(handle));
      child.once('error', (err: NodeJS.ErrnoException) => {
        const missing = err.code === 'ENOENT';
        const failure = new NocturneError(
          missing ? DeviceErrorCode.AudioDeviceMissing : DeviceErrorCode.AudioSinkFailed,
          missing
            ? `${command} not found: install alsa-utils, or set audio.adapter (see docs/audio.md)`
            : `${command}: ${err.message}`,
          { command, config_key: 'audio.adapter' },
        );
        reject(failure);
        onFailure(failure);
      });
    });
}

class AplayHandle implements DeviceHandle {
  private stderr = '';
  private ending = false;
  private readonly exited: Promise<void>;

  constructor(
    private readonly child: ChildProcessByStdio<Writable, null, Readable>,
    private readonly device: string,
    onFailure: (err: NocturneError) => void,
  ) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-500);
    });
    // EPIPE when aplay dies mid-write: the exit handler reports it; never an uncaught error.
    child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        resolve();
        if (this.ending && code === 0) return;
        onFailure(this.failure(code, signal));
      });
    });
  }

  write(pcm: Buffer): void {
    if (this.child.stdin.writable) this.child.stdin.write(pcm);
  }

  queuedBytes(): number {
    return this.child.stdin.writableLength;
  }

  async end(): Promise<void> {
    this.ending = true;
    this.child.stdin.end();
    await this.exited;
  }

  destroy(): void {
    this.ending = true;
    this.child.stdin.destroy();
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  detail(): Record<string, unknown> {
    return { pid: this.child.pid, device: this.device };
  }

  private failure(code: number | null, signal: NodeJS.Signals | null): NocturneError {
    const why = this.stderr.trim().split('\n').pop() ?? '';
    const missing = /open error|no such|cannot find card|unknown pcm/i.test(this.stderr);
    return new NocturneError(
      missing ? DeviceErrorCode.AudioDeviceMissing : DeviceErrorCode.AudioSinkFailed,
      `aplay on ${this.device} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${why ? `: ${why}` : ''}`,
      { device: this.device, code, signal, config_key: 'audio.device' },
    );
  }
}
