import type { Clock, Timer } from '../../shared/clock.js';
import type { Sample } from '../../shared/schemas/session-samples.js';
import type { SampleBatch } from './sample-merge.js';

/** DESIGN.md: samples reach the outbox at least every 10 s, so a power cut loses at most that. */
export const BATCH_INTERVAL_MS = 10_000;

/**
 * Collects the samples the unit hands over one by one into batches of one session, and hands a
 * batch on when it is `intervalMs` old, when the session changes, or when asked to (before an
 * event of the session, so samples never arrive after the session's end).
 */
export class SampleBatcher {
  private sessionId: string | undefined;
  private samples: Sample[] = [];
  private timer: Timer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly emit: (sessionId: string, batch: SampleBatch) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
  ) {}

  add(sessionId: string, sample: Sample): void {
    if (this.sessionId !== sessionId) this.flush();
    this.sessionId = sessionId;
    this.samples.push(sample);
    this.timer ??= this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.intervalMs);
  }

  /** Hands on what has been collected (if anything). */
  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const { sessionId, samples } = this;
    this.samples = [];
    if (!sessionId || samples.length === 0) return;
    this.emit(sessionId, { interval_ms: spacing(samples), samples });
  }

  stop(): void {
    this.flush();
  }
}

/** The typical spacing of the samples, ms (1 s for a unit that samples every tick). */
function spacing(samples: Sample[]): number {
  const first = samples[0] as Sample;
  const last = samples.at(-1) as Sample;
  if (samples.length < 2) return 1000;
  return Math.max(1, Math.round((last.t - first.t) / (samples.length - 1)));
}
