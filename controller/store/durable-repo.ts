import { type Kysely, sql } from 'kysely';
import type { SessionEvent } from '../../shared/schemas/session-event.js';
import type { SessionReport } from '../../shared/schemas/session-report.js';
import type { SessionSamples } from '../../shared/schemas/session-samples.js';
import type { Database } from './schema.js';
import { SessionsRepo } from './sessions-repo.js';

/** A validated durable message with its kind. */
export type DurableMessage =
  | { kind: 'session/event'; message: SessionEvent }
  | { kind: 'session/samples'; message: SessionSamples }
  | { kind: 'session/report'; message: SessionReport };

/**
 * The durable session messages, stored exactly once per (unit, epoch, seq) whatever their kind:
 * the ledger row, the content and the epoch's progress commit together, so a repeat after a
 * reconnect or a restart changes nothing.
 */
export class DurableRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores the message unless that (unit, epoch, seq) was seen; returns whether it was new. */
  async record(d: DurableMessage, json: string, receivedAt: number): Promise<boolean> {
    const { unit, epoch, seq } = d.message;
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('durable_seqs')
        .values({ unit, epoch, seq, kind: d.kind, received_at: receivedAt })
        .onConflict((oc) => oc.columns(['unit', 'epoch', 'seq']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      if (d.kind === 'session/event') await SessionsRepo.storeEvent(trx, d.message, json, receivedAt);
      else if (d.kind === 'session/samples') await SessionsRepo.storeSamples(trx, d.message, receivedAt);
      else await SessionsRepo.storeReport(trx, d.message, json, receivedAt);
      await trx
        .insertInto('epoch_progress')
        .values({ unit, epoch, contiguous_to: -1, max_seq: seq, updated_at: receivedAt })
        .onConflict((oc) =>
          oc.columns(['unit', 'epoch']).doUpdateSet({
            max_seq: sql<number>`case when epoch_progress.max_seq < ${seq} then ${seq} else epoch_progress.max_seq end`,
            updated_at: receivedAt,
          }),
        )
        .execute();
      return true;
    });
  }
}
