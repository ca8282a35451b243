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
    const [isNew] = await this.recordBatch([{ durable: d, json }], receivedAt);
    return isNew ?? false;
  }

  /**
   * Stores a batch of messages in one transaction; returns, in the order given, whether each was
   * new (a repeat within the batch counts as a duplicate). Rows are written in (unit, epoch, seq)
   * order, so concurrent batches of several controller processes lock rows in the same order and
   * cannot deadlock on PostgreSQL.
   */
  async recordBatch(
    batch: readonly { durable: DurableMessage; json: string }[],
    receivedAt: number,
  ): Promise<boolean[]> {
    const order = batch.map((_, i) => i).sort((a, b) => compareKeys(batch[a]?.durable, batch[b]?.durable));
    const isNew = batch.map(() => false);
    if (batch.length === 0) return isNew;
    await this.db.transaction().execute(async (trx) => {
      for (const i of order) {
        const item = batch[i];
        if (item) isNew[i] = await recordOne(trx, item.durable, item.json, receivedAt);
      }
    });
    return isNew;
  }
}

function compareKeys(a: DurableMessage | undefined, b: DurableMessage | undefined): number {
  if (!a || !b) return 0;
  const x = a.message;
  const y = b.message;
  if (x.unit !== y.unit) return x.unit < y.unit ? -1 : 1;
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return x.seq - y.seq;
}

async function recordOne(
  trx: Kysely<Database>,
  d: DurableMessage,
  json: string,
  receivedAt: number,
): Promise<boolean> {
  const { unit, epoch, seq } = d.message;
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
}
