import type { Clock, Timer } from '../../../shared/clock.js';
import { errorMessage, NocturneError } from '../../../shared/errors.js';
import { DeviceErrorCode } from '../../errors/codes.js';
import type { PortStatus } from '../port.js';
import { PortFaults } from '../port-faults.js';
import { clamp, levelToLuminance, luminanceToLevel } from './cie.js';
import type { LightPort } from './index.js';
import { type BreathingPacer, pacerLevel } from './pacer.js';
import { type PwmOutput, resolutionBits } from './pwm-output.js';

export interface PwmLightOptions {
  clock: Clock;
  output: PwmOutput;
  /** Highest level, 0..1 perceptual: the evening lux limit from calibration (CLINICAL.md "Light"). */
  cap: number;
  /** Shortest time between two duty writes, ms: bounds bus traffic in fast fades. */
  minWriteIntervalMs?: number;
  /** How often the pacer updates the duty, ms. */
  pacerIntervalMs?: number;
}

interface Ramp {
  from: number;
  to: number;
  startMs: number;
  ms: number;
}

/**
 * The light controller: levels in perceptual units (CIE L*), faded linearly in L* on the Clock and
 * written to a PWM channel of any resolution. It writes only when the duty count changes, at the
 * moment the fade crosses the next count, so a slow fade costs a handful of writes, not a timer
 * tick every few ms. The duty never exceeds the cap's count; `off()` and `stop()` end at darkness.
 */
export class PwmLight implements LightPort {
  private readonly faults = new PortFaults();
  private ramp: Ramp = { from: 0, to: 0, startMs: 0, ms: 0 };
  private pacer: { params: BreathingPacer; startMs: number } | undefined;
  private timer: Timer | undefined;
  private opened = false;
  private written = 0;
  private writing = false;
  private dirty = false;
  private readonly cap: number;
  private readonly capCount: number;

  constructor(private readonly o: PwmLightOptions) {
    this.cap = clamp(o.cap, 0, 1);
    this.capCount = this.rawCount(this.cap);
  }

  async start(): Promise<void> {
    if (this.opened) return;
    try {
      await this.o.output.open();
    } catch (err) {
      throw this.faults.report(asLightError(err, this.o.output));
    }
    this.opened = true;
    this.faults.recovered();
    this.written = 0;
    this.update();
  }

  async stop(): Promise<void> {
    this.cancelTimer();
    this.ramp = { from: 0, to: 0, startMs: 0, ms: 0 };
    this.pacer = undefined;
    if (this.opened) {
      this.opened = false;
      await this.o.output.close().catch(() => undefined);
    }
    this.faults.clear();
  }

  status(): PortStatus {
    const { output } = this.o;
    return this.faults.status(output.adapter, {
      location: output.location,
      frequency_hz: Math.round(output.frequencyHz),
      resolution_bits: resolutionBits(output.maxCount),
      cap: this.cap,
      duty: this.written / output.maxCount,
      pacer: this.pacer !== undefined,
    });
  }

  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }

  setLevel(level: number, rampMs: number): void {
    const from = this.level();
    this.pacer = undefined;
    this.ramp = {
      from,
      to: clamp(Number.isFinite(level) ? level : 0, 0, this.cap),
      startMs: this.o.clock.monotonic(),
      ms: Math.max(0, Number.isFinite(rampMs) ? rampMs : 0),
    };
    this.update();
  }

  level(): number {
    const now = this.o.clock.monotonic();
    if (this.pacer) return Math.min(this.cap, pacerLevel(now - this.pacer.startMs, this.pacer.params));
    const { from, to, startMs, ms } = this.ramp;
    const elapsed = now - startMs;
    if (ms === 0 || elapsed >= ms) return to;
    return from + ((to - from) * Math.max(0, elapsed)) / ms;
  }

  off(): void {
    this.pacer = undefined;
    this.ramp = { from: 0, to: 0, startMs: this.o.clock.monotonic(), ms: 0 };
    this.update();
  }

  /** Breathing-pacer mode until the next setLevel() or off(); `low`/`high` are capped like any level. */
  breathe(pacer: BreathingPacer): void {
    this.pacer = { params: pacer, startMs: this.o.clock.monotonic() };
    this.update();
  }

  /** Duty count for a perceptual level, never above the cap's count. */
  countFor(level: number): number {
    return Math.min(this.rawCount(level), this.capCount);
  }

  private rawCount(level: number): number {
    return Math.round(levelToLuminance(clamp(level, 0, 1)) * this.o.output.maxCount);
  }

  private update(): void {
    this.cancelTimer();
    if (!this.opened) return;
    this.flush();
    const next = this.nextChangeMs();
    if (next !== undefined) {
      const delay = Math.max(next - this.o.clock.monotonic(), this.o.minWriteIntervalMs ?? 10);
      this.timer = this.o.clock.setTimeout(() => {
        this.timer = undefined;
        this.update();
      }, delay);
    }
  }

  /** Writes the current count unless a write is in flight; then writes once more when it lands. */
  private flush(): void {
    const count = this.countFor(this.level());
    if (count === this.written) return;
    if (this.writing) {
      this.dirty = true;
      return;
    }
    this.writing = true;
    this.o.output
      .write(count)
      .then(
        () => {
          this.written = count;
          this.faults.recovered();
        },
        (err: unknown) => void this.faults.report(asLightError(err, this.o.output)),
      )
      .finally(() => {
        this.writing = false;
        if (this.dirty && this.opened) {
          this.dirty = false;
          this.flush();
        }
      });
  }

  /** When the duty count will next change: the fade's crossing of the next count boundary. */
  private nextChangeMs(): number | undefined {
    const now = this.o.clock.monotonic();
    if (this.pacer) return now + (this.o.pacerIntervalMs ?? 40);
    const { from, to, startMs, ms } = this.ramp;
    if (ms === 0 || now >= startMs + ms || from === to) return undefined;
    const count = this.countFor(this.level());
    const rising = to > from;
    const boundary = (count + (rising ? 0.5 : -0.5)) / this.o.output.maxCount;
    if (boundary <= 0) return startMs + ms;
    const levelAt = luminanceToLevel(boundary);
    const t = startMs + ((levelAt - from) / (to - from)) * ms;
    return Math.min(Math.max(t, now), startMs + ms);
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}

function asLightError(err: unknown, output: PwmOutput): NocturneError {
  if (err instanceof NocturneError) return err;
  return new NocturneError(
    DeviceErrorCode.LightDeviceMissing,
    `light ${output.adapter} at ${output.location}: ${errorMessage(err)}`,
    { config_key: 'ports.light' },
    { cause: err },
  );
}
