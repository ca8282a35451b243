import type { Clock, Timer } from '../../../shared/clock.js';
import type { NocturneError } from '../../../shared/errors.js';
import { Listeners } from '../../../shared/listeners.js';
import type { PatientModel } from '../../sim/patient.js';
import type { PortStatus } from '../port.js';
import type { PulseBatch, PulsePort } from './index.js';

/**
 * The simulated twin of a pulse sensor, driven by a patient model: like an oximeter, it reports
 * the heart rate it measures once a second (with a little measurement noise from the model).
 */
export class SimulatedPulse implements PulsePort {
  private readonly batches = new Listeners<PulseBatch>();
  private readonly faults = new Listeners<NocturneError>();
  private timer: Timer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly patient: PatientModel,
    private readonly periodMs = 1000,
  ) {}

  async start(): Promise<void> {
    this.timer ??= this.clock.setInterval(() => this.emit(), this.periodMs);
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    this.batches.clear();
    this.faults.clear();
  }

  status(): PortStatus {
    return { adapter: 'simulated', ok: true, detail: { profile: this.patient.profile.name } };
  }

  onBatch(listener: (batch: PulseBatch) => void): () => void {
    return this.batches.add(listener);
  }

  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }

  private emit(): void {
    const t = this.clock.now();
    const bpm = Math.round(this.patient.heartRateAt(t) * 10) / 10;
    this.batches.emit({
      t: new Float64Array(0),
      value: new Float64Array(0),
      rateHz: 0,
      finger: true,
      device: { t, bpm, spo2: 97 },
    });
  }
}
