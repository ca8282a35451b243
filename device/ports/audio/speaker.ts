import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import type { Clock } from '../../../shared/clock.js';
import { NocturneError } from '../../../shared/errors.js';
import { DeviceErrorCode } from '../../errors/codes.js';
import { PCM_CHANNELS, PCM_SAMPLE_RATE } from './index.js';
import { type DeviceHandle, type DeviceOpener, SupervisedSink } from './supervised.js';

export interface SpeakerOptions {
  clock: Clock;
  /** ALSA device name, or the default device. Config key `audio.device`. */
  device?: string;
}

interface SpeakerStream extends Writable {
  readonly writableLength: number;
}
type SpeakerConstructor = new (options: Record<string, unknown>) => SpeakerStream;

/** The optional package; nothing else in the project loads it. */
const PACKAGE = 'speaker';

/**
 * ALSA in process through the optional `speaker` package, with the stream's back-pressure.
 * `speaker`'s native module queries the default device as it loads and aborts the whole process
 * when there is none, so a child process loads it first: only if that survives is it loaded here.
 */
export class SpeakerSink extends SupervisedSink {
  constructor(o: SpeakerOptions) {
    super({ adapter: 'speaker', clock: o.clock, open: speakerOpener(o) });
  }
}

/** Where `speaker` is installed, or undefined when the optional package is missing. */
function resolveSpeaker(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(PACKAGE);
  } catch {
    return undefined;
  }
}

/**
 * Whether `speaker` can be loaded in this process without aborting it: loads it in a child
 * process with the same environment. Resolves to the error that explains why not, or undefined.
 */
export function probeSpeaker(env: NodeJS.ProcessEnv = process.env): Promise<NocturneError | undefined> {
  const path = resolveSpeaker();
  if (!path) {
    return Promise.resolve(
      new NocturneError(
        DeviceErrorCode.NativePackageMissing,
        'the optional package `speaker` is not installed (or did not build): use audio.adapter "aplay"',
        { package: PACKAGE, config_key: 'audio.adapter' },
      ),
    );
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(path)})`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-2000);
    });
    child.once('error', (err) => resolve(deviceMissing(`cannot probe speaker: ${err.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve(undefined);
      else
        resolve(
          deviceMissing(
            `no usable ALSA device for speaker (${signal ?? `exit ${code}`}): ${lastLine(stderr)}`,
          ),
        );
    });
  });
}

function speakerOpener(o: SpeakerOptions): DeviceOpener {
  let Speaker: SpeakerConstructor | undefined;
  return async (onFailure) => {
    if (!Speaker) {
      const reason = await probeSpeaker();
      if (reason) throw reason;
      const name = PACKAGE;
      const mod = (await import(name)) as { default: SpeakerConstructor };
      Speaker = mod.default;
    }
    const stream = new Speaker({
      channels: PCM_CHANNELS,
      bitDepth: 16,
      sampleRate: PCM_SAMPLE_RATE,
      signed: true,
      ...(o.device ? { device: o.device } : {}),
    });
    return new SpeakerHandle(stream, o.device ?? 'default', onFailure);
  };
}

class SpeakerHandle implements DeviceHandle {
  private readonly closed: Promise<void>;
  private dead = false;

  constructor(
    private readonly stream: SpeakerStream,
    private readonly device: string,
    onFailure: (err: NocturneError) => void,
  ) {
    this.closed = new Promise((resolve) => stream.once('close', () => resolve()));
    stream.on('error', (err: Error) => {
      onFailure(
        new NocturneError(DeviceErrorCode.AudioSinkFailed, `speaker on ${device}: ${err.message}`, {
          device,
          config_key: 'audio.device',
        }),
      );
    });
  }

  write(pcm: Buffer): void {
    if (!this.dead && this.stream.writable) this.stream.write(pcm);
  }

  queuedBytes(): number {
    return this.stream.writableLength;
  }

  /**
   * Ends the stream and waits for `speaker` to close itself after its last write: closing while a
   * native write is in flight is what crashes it (its open crash reports on end/close).
   */
  async end(): Promise<void> {
    if (this.stream.writableEnded) return this.closed;
    this.stream.end();
    await this.closed;
  }

  /** After a failure: stop feeding it and let it go; never force-close under a pending write. */
  destroy(): void {
    this.dead = true;
  }

  detail(): Record<string, unknown> {
    return { device: this.device };
  }
}

function deviceMissing(message: string): NocturneError {
  return new NocturneError(DeviceErrorCode.AudioDeviceMissing, message, { config_key: 'audio.device' });
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
