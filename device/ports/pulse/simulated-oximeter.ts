import type { Clock, Timer } from '../../../shared/clock.js';
import { Random } from '../../../shared/random.js';
import type { PatientModel } from '../../sim/patient.js';
import { PulseAdapterBase } from './pulse-base.js';

/** Pulse oximeters report about once a second. */
const REPORT_MS = 1000;
/** Their heart-rate error: a few BPM (CLINICAL.md, fingertip PPG). */
const ERROR_BPM = 1.5;

/**
 * The simulated twin of a pulse oximeter that computes the heart rate itself (a CMS50-type
 * unit): a heart rate and SpO2 once a second, no waveform. Much cheaper than the PPG twin, so
 * load tests (`nocturne simulate-fleet`) can run hundreds of units in one process.
 */
export class SimulatedOximeter extends PulseAdapterBase {
  private readonly noise: Random;
  private timer: Timer | undefined;

  constructor(
    clock: Clock,
    private readonly patient: PatientModel,
    seed: string | number = patient.profile.name,
  ) {
    super(clock, 'simulated-oximeter');
    this.noise = new Random(`oximeter:${seed}`);
  }

  async start(): Promise<void> {
    this.timer ??= this.clock.setInterval(() => this.measure(), REPORT_MS);
  }

  override async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await super.stop();
  }

  protected detail(): Record<string, unknown> {
    return { profile: this.patient.profile.name };
  }

  private measure(): void {
    const t = this.clock.now();
    const bpm = Math.round(this.patient.heartRateAt(t) + ERROR_BPM * this.noise.gaussian());
    const empty = new Float64Array(0);
    this.emit({ t: empty, value: empty, rateHz: 0, finger: true, device: { t, bpm, spo2: 97 } });
  }
}
