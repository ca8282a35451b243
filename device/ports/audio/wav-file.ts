import { closeSync, openSync, writeSync } from 'node:fs';
import { NocturneError } from '../../../shared/errors.js';
import { Listeners } from '../../../shared/listeners.js';
import { DeviceErrorCode } from '../../errors/codes.js';
import type { PortStatus } from '../port.js';
import { type AudioSink, type AudioSinkStats, PCM_BYTES_PER_FRAME } from './index.js';
import { wavHeader } from './pcm.js';

/** Writes in 1 MiB pieces: a 45-minute render is ~500 MB in ~500 writes, not 100,000. */
const FLUSH_BYTES = 1 << 20;

/**
 * Records the audio as a 48 kHz stereo 16-bit PCM WAV file (what `nocturne render` writes). The
 * header's sizes are filled in on stop, so the file is valid once the sink has stopped.
 */
export class WavFileSink implements AudioSink {
  private fd: number | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private dataBytes = 0;
  private dropped = 0;
  private peak = 0;
  private failure: NocturneError | undefined;
  private readonly faults = new Listeners<NocturneError>();

  constructor(readonly path: string) {}

  async start(): Promise<void> {
    this.fd = openSync(this.path, 'w');
    writeSync(this.fd, wavHeader(0));
  }

  write(pcm: Buffer): boolean {
    if (this.fd === undefined || this.failure) {
      this.dropped += pcm.length / PCM_BYTES_PER_FRAME;
      return false;
    }
    this.notePeak(pcm);
    this.pending.push(pcm);
    this.pendingBytes += pcm.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    return true;
  }

  async stop(): Promise<void> {
    const fd = this.fd;
    if (fd === undefined) return;
    this.flush();
    this.fd = undefined;
    // WAV sizes are 32-bit: a file over 4 GiB (≈ 6 h) keeps the largest size a header can say.
    writeSync(fd, wavHeader(Math.min(this.dataBytes, 0xffffffff - 36)), 0, 44, 0);
    closeSync(fd);
    this.faults.clear();
  }

  /** Largest sample magnitude written, dBFS (full scale 32767), or null if every sample was 0. */
  get peakDbfs(): number | null {
    return this.peak === 0 ? null : 20 * Math.log10(this.peak / 32767);
  }

  stats(): AudioSinkStats {
    return { framesWritten: this.dataBytes / PCM_BYTES_PER_FRAME, framesDropped: this.dropped, restarts: 0 };
  }

  status(): PortStatus {
    const base = { adapter: 'wav', detail: { path: this.path, ...this.stats() } };
    return this.failure ? { ...base, ok: false, code: this.failure.code } : { ...base, ok: true };
  }

  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }

  private notePeak(pcm: Buffer): void {
    const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length >> 1);
    let max = 0;
    let min = 0;
    for (let i = 0; i < samples.length; i++) {
      const v = samples[i] as number;
      if (v > max) max = v;
      else if (v < min) min = v;
    }
    this.peak = Math.max(this.peak, max, -min);
  }

  private flush(): void {
    const fd = this.fd;
    if (fd === undefined || this.pendingBytes === 0) return;
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    try {
      writeSync(fd, chunk);
      this.dataBytes += chunk.length;
    } catch (err) {
      // A full disk must not stop the session: report it, drop the audio from here on.
      this.dropped += chunk.length / PCM_BYTES_PER_FRAME;
      this.failure = new NocturneError(DeviceErrorCode.AudioSinkFailed, `cannot write ${this.path}: ${err}`, {
        path: this.path,
      });
      this.faults.emit(this.failure);
    }
  }
}
