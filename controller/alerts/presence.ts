import type { Clock } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { type HeardRepo, HOUR_MS } from '../store/heard-repo.js';

/**
 * Remembers the hours each unit was heard in, so a night without a session can later be told
 * apart from a night without data. One write per unit per hour, whatever the message rate.
 */
export class PresenceRecorder {
  private readonly lastHour = new Map<string, number>();

  constructor(
    private readonly heard: HeardRepo,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Called for every message stored about `unit` (ingest's onStored). */
  heardFrom(unit: string): void {
    const now = this.clock.now();
    const hour = Math.floor(now / HOUR_MS);
    if (this.lastHour.get(unit) === hour) return;
    this.lastHour.set(unit, hour);
    this.heard.record(unit, now).catch((err: unknown) => {
      this.lastHour.delete(unit);
      this.log.warn({ err: errorMessage(err), unit }, 'could not record unit presence');
    });
  }
}
