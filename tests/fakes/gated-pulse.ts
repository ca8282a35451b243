import type { PulseBatch, PulsePort } from '../../device/ports/pulse/index.js';
import { Listeners } from '../../shared/listeners.js';

/** A pulse port whose finger can be lifted: while lifted, the batches of the port under it are dropped. */
export class GatedPulse implements PulsePort {
  private lifted = false;
  private readonly batches = new Listeners<PulseBatch>();

  constructor(private readonly inner: PulsePort) {}

  lift(): void {
    this.lifted = true;
  }
  place(): void {
    this.lifted = false;
  }
  async start(): Promise<void> {
    this.inner.onBatch((batch) => {
      if (!this.lifted) this.batches.emit(batch);
    });
    await this.inner.start();
  }
  stop(): Promise<void> {
    this.batches.clear();
    return this.inner.stop();
  }
  status(): ReturnType<PulsePort['status']> {
    return this.inner.status();
  }
  onBatch(listener: (batch: PulseBatch) => void): () => void {
    return this.batches.add(listener);
  }
  onFault(listener: Parameters<PulsePort['onFault']>[0]): () => void {
    return this.inner.onFault(listener);
  }
}
