import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { GapsRepo, SeqGapRow } from '../store/gaps-repo.js';

export interface GapDetectorOptions {
  gaps: GapsRepo;
  clock: Clock;
  log: Logger;
  /** A missing seq counts as a gap only once a later one has been stored this long (arrival order is not guaranteed). */
  graceMs?: number;
  checkEveryMs?: number;
}

const DEFAULT_GRACE_MS = 120_000;
const DEFAULT_CHECK_MS = 30_000;
/** Seqs read per epoch and check. */
const BATCH = 5000;

/**
 * Finds seqs that never arrived: walks each epoch's seqs above its contiguous prefix and records
 * a hole as a gap once the message after it is older than the grace period. A gap that a late
 * message fills (partly) is shrunk or removed again.
 */
export class GapDetector {
  private timer: Timer | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly o: GapDetectorOptions) {}

  start(): void {
    this.timer ??= this.o.clock.setInterval(() => {
      this.running = this.running
        .then(() => this.check())
        .catch((err: unknown) => this.o.log.error({ err: errorMessage(err) }, 'gap check failed'));
    }, this.o.checkEveryMs ?? DEFAULT_CHECK_MS);
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.running;
  }

  /** One pass over every epoch; exposed for tests. */
  async check(): Promise<void> {
    const now = this.o.clock.now();
    const grace = this.o.graceMs ?? DEFAULT_GRACE_MS;
    for (const gap of await this.o.gaps.list()) await this.refill(gap);
    for (const epoch of await this.o.gaps.unsettledEpochs()) {
      let expected = epoch.contiguous_to + 1;
      const found: SeqGapRow[] = [];
      for (const { seq, received_at } of await this.o.gaps.seqsAfter(
        epoch.unit,
        epoch.epoch,
        epoch.contiguous_to,
        BATCH,
      )) {
        if (seq !== expected) {
          if (received_at > now - grace) break;
          found.push({
            unit: epoch.unit,
            epoch: epoch.epoch,
            from_seq: expected,
            to_seq: seq - 1,
            detected_at: now,
          });
          this.o.log.warn(
            { unit: epoch.unit, epoch: epoch.epoch, from_seq: expected, to_seq: seq - 1 },
            'seq gap',
          );
        }
        expected = seq + 1;
      }
      if (expected - 1 > epoch.contiguous_to)
        await this.o.gaps.advance(epoch.unit, epoch.epoch, expected - 1, found);
    }
  }

  private async refill(gap: SeqGapRow): Promise<void> {
    const present = await this.o.gaps.seqsWithin(gap.unit, gap.epoch, gap.from_seq, gap.to_seq);
    if (present.length === 0) return;
    const remaining: SeqGapRow[] = [];
    let from = gap.from_seq;
    for (const seq of [...present, gap.to_seq + 1]) {
      if (seq > from) remaining.push({ ...gap, from_seq: from, to_seq: seq - 1 });
      from = seq + 1;
    }
    this.o.log.info(
      { unit: gap.unit, epoch: gap.epoch, filled: present.length },
      'late messages filled a gap',
    );
    await this.o.gaps.replace(gap, remaining);
  }
}
