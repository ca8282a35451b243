import type { Clock, Timer } from '../../../shared/clock.js';
import type { NocturneError } from '../../../shared/errors.js';
import { Listeners } from '../../../shared/listeners.js';
import type { PatientModel } from '../../sim/patient.js';
import { type PpgSimOptions, PpgSimulator } from '../../sim/ppg-simulator.js';
import type { PortStatus } from '../port.js';
import type { PulseBatch, PulsePort } from './index.js';

export interface SimulatedPulseOptions extends Partial<PpgSimOptions> {
  /** How often a batch is delivered, ms (a sensor's FIFO read period). Default 250. */
  batchMs?: number;
}

/** A cheap bedside sensor's rate (MAX30102 at 50 samples/s). */
const DEFAULT_RATE_HZ = 50;

/**
 * The simulated twin of a PPG sensor, driven by a patient model: it delivers the waveform in
 * timestamped batches, as a MAX30102 FIFO or an ADS1115 read loop does, with the sensor's noise,
 * wander and (when configured) motion, dropouts and ADC limits. A batch never mixes finger-on and
 * finger-off samples.
 */
export class SimulatedPulse implements PulsePort {
  private readonly batches = new Listeners<PulseBatch>();
  private readonly faults = new Listeners<NocturneError>();
  private timer: Timer | undefined;
  private sim: PpgSimulator | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly patient: PatientModel,
    private readonly options: SimulatedPulseOptions = {},
  ) {}

  get rateHz(): number {
    return this.options.rateHz ?? DEFAULT_RATE_HZ;
  }

  async start(): Promise<void> {
    this.sim ??= new PpgSimulator(
      this.patient,
      { seed: this.patient.profile.name, ...this.options, rateHz: this.rateHz },
      this.clock.now(),
    );
    this.timer ??= this.clock.setInterval(() => this.emit(), this.options.batchMs ?? 250);
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    this.batches.clear();
    this.faults.clear();
  }

  status(): PortStatus {
    return {
      adapter: 'simulated',
      ok: true,
      detail: { profile: this.patient.profile.name, rate_hz: this.rateHz },
    };
  }

  onBatch(listener: (batch: PulseBatch) => void): () => void {
    return this.batches.add(listener);
  }

  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }

  private emit(): void {
    if (!this.sim) return;
    const { t, value, finger } = this.sim.take(this.clock.now());
    let from = 0;
    for (let i = 1; i <= t.length; i++) {
      if (i < t.length && finger[i] === finger[from]) continue;
      this.batches.emit({
        t: t.slice(from, i),
        value: value.slice(from, i),
        rateHz: this.rateHz,
        finger: finger[from] === 1,
      });
      from = i;
    }
  }
}
