import type { Clock } from '../../../shared/clock.js';
import type { NocturneError } from '../../../shared/errors.js';
import { Listeners } from '../../../shared/listeners.js';
import type { PortStatus } from '../port.js';
import type { LightPort } from './index.js';

/** The simulated twin of the light: a linear fade in perceptual units on the unit's Clock. */
export class SimulatedLight implements LightPort {
  private readonly faults = new Listeners<NocturneError>();
  private from = 0;
  private to = 0;
  private rampStart = 0;
  private rampMs = 0;

  constructor(
    private readonly clock: Clock,
    /** Highest level allowed, 0..1 perceptual (the evening lux limit from calibration). */
    private readonly cap = 1,
  ) {}

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.off();
    this.faults.clear();
  }

  status(): PortStatus {
    return { adapter: 'simulated', ok: true, detail: { cap: this.cap } };
  }

  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }

  setLevel(level: number, rampMs: number): void {
    this.from = this.level();
    this.to = Math.min(this.cap, Math.max(0, level));
    this.rampStart = this.clock.monotonic();
    this.rampMs = Math.max(0, rampMs);
  }

  level(): number {
    const elapsed = this.clock.monotonic() - this.rampStart;
    if (this.rampMs === 0 || elapsed >= this.rampMs) return this.to;
    return this.from + ((this.to - this.from) * elapsed) / this.rampMs;
  }

  off(): void {
    this.from = 0;
    this.to = 0;
    this.rampMs = 0;
  }
}
