import type { AudioSink, AudioSinkStats } from '../../device/ports/audio/index.js';
import type { PortStatus } from '../../device/ports/port.js';
import { NocturneError } from '../../shared/errors.js';
import { Listeners } from '../../shared/listeners.js';

/**
 * A sound device that is not there: start fails with E_AUDIO_DEVICE_MISSING, writes are dropped,
 * until `plugIn()` (the device comes back, as a sink that reopens it would report).
 */
export class DeadAudioSink implements AudioSink {
  private dropped = 0;
  private present = false;
  private readonly faults = new Listeners<NocturneError>();

  async start(): Promise<void> {
    throw new NocturneError('E_AUDIO_DEVICE_MISSING', 'no sound card (audio.device "default")');
  }
  async stop(): Promise<void> {
    this.faults.clear();
  }
  write(pcm: Buffer): boolean {
    if (this.present) return true;
    this.dropped += pcm.length / 4;
    return false;
  }
  plugIn(): void {
    this.present = true;
  }
  stats(): AudioSinkStats {
    return { framesWritten: 0, framesDropped: this.dropped, restarts: 0 };
  }
  status(): PortStatus {
    return this.present
      ? { adapter: 'dead', ok: true }
      : { adapter: 'dead', ok: false, code: 'E_AUDIO_DEVICE_MISSING' };
  }
  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }
}
