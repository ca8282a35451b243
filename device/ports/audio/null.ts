import type { NocturneError } from '../../../shared/errors.js';
import type { PortStatus } from '../port.js';
import { type AudioSink, type AudioSinkStats, PCM_BYTES_PER_FRAME } from './index.js';

/** Swallows audio and counts it: for units without sound, tests, and the CPU benchmark. */
export class NullAudioSink implements AudioSink {
  private frames = 0;

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  write(pcm: Buffer): boolean {
    this.frames += pcm.length / PCM_BYTES_PER_FRAME;
    return true;
  }

  stats(): AudioSinkStats {
    return { framesWritten: this.frames, framesDropped: 0, restarts: 0 };
  }

  status(): PortStatus {
    return { adapter: 'null', ok: true, detail: { ...this.stats() } };
  }

  onFault(_listener: (err: NocturneError) => void): () => void {
    return () => {};
  }
}
