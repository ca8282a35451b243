import type { Clock } from '../../../shared/clock.js';
import type { NocturneError } from '../../../shared/errors.js';
import { Listeners } from '../../../shared/listeners.js';
import type { PortStatus } from '../port.js';
import { PortFaults } from '../port-faults.js';
import type { PulseBatch, PulsePort } from './index.js';

/** What every pulse adapter shares: listeners, fault bookkeeping, status and time conversion. */
export abstract class PulseAdapterBase implements PulsePort {
  private readonly batches = new Listeners<PulseBatch>();
  private readonly faults = new PortFaults();

  constructor(
    protected readonly clock: Clock,
    private readonly adapterName: string,
  ) {}

  abstract start(): Promise<void>;

  /** Subclasses release their device, then call super.stop(). */
  async stop(): Promise<void> {
    this.batches.clear();
    this.faults.clear();
  }

  protected abstract detail(): Record<string, unknown>;

  status(): PortStatus {
    return this.faults.status(this.adapterName, this.detail());
  }

  onBatch(listener: (batch: PulseBatch) => void): () => void {
    return this.batches.add(listener);
  }

  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }

  /** Records a fault (listeners hear it once per outage) and returns it, for `throw`. */
  protected report(err: NocturneError): NocturneError {
    return this.faults.report(err);
  }

  protected recovered(): void {
    this.faults.recovered();
  }

  /** Emits a batch whose times are already on the unit's `now()` clock. */
  protected emit(batch: PulseBatch): void {
    this.batches.emit(batch);
  }

  /** Emits a batch whose sample times are on the monotonic clock, converted to the unit's `now()`. */
  protected emitBatch(batch: Omit<PulseBatch, 't'> & { monotonicT: Float64Array }): void {
    const offset = this.clock.now() - this.clock.monotonic();
    const t = new Float64Array(batch.monotonicT.length);
    for (let i = 0; i < t.length; i++) t[i] = (batch.monotonicT[i] as number) + offset;
    const { monotonicT: _drop, ...rest } = batch;
    this.emit({ ...rest, t });
  }
}
