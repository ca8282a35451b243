import type { Clock, Timer } from '../../../shared/clock.js';
import type { NocturneError } from '../../../shared/errors.js';
import { Listeners } from '../../../shared/listeners.js';
import { Random } from '../../../shared/random.js';
import type { PatientModel } from '../../sim/patient.js';
import type { PortStatus } from '../port.js';
import type { PulseBatch, PulsePort } from './index.js';

/** Pulse oximeters report about once a second. */
const REPORT_MS = 1000;
/** Their heart-rate error: a few BPM (CLINICAL.md, fingertip PPG). */
const ERROR_BPM = 1.5;

/**
 * The simulated twin of a pulse oximeter that computes the heart rate itself (a CMS50-type
 * unit): a heart rate and SpO2 once a second, no waveform. Much cheaper than the PPG twin, so
 * load tests (`nocturne simulate-fleet`) can run hundreds of units in one process.
 */
export class SimulatedOximeter implements PulsePort {
  private readonly batches = new Listeners<PulseBatch>();
  private readonly faults = new Listeners<NocturneError>();
  private readonly noise: Random;
  private timer: Timer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly patient: PatientModel,
    seed: string | number = patient.profile.name,
  ) {
    this.noise = new Random(`oximeter:${seed}`);
  }

  async start(): Promise<void> {
    this.timer ??= this.clock.setInterval(() => this.emit(), REPORT_MS);
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    this.batches.clear();
    this.faults.clear();
  }

  status(): PortStatus {
    return { adapter: 'simulated-oximeter', ok: true, detail: { profile: this.patient.profile.name } };
  }

  onBatch(listener: (batch: PulseBatch) => void): () => void {
    return this.batches.add(listener);
  }

  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }

  private emit(): void {
    const t = this.clock.now();
    const bpm = Math.round(this.patient.heartRateAt(t) + ERROR_BPM * this.noise.gaussian());
    const empty = new Float64Array(0);
    this.batches.emit({ t: empty, value: empty, rateHz: 0, finger: true, device: { t, bpm, spo2: 97 } });
  }
}
