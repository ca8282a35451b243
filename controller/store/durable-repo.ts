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
    const isNew = batch.map(() => false);
    if (batch.length === 0) return isNew;
    const order = batch.map((_, i) => i).sort((a, b) => compareKeys(batch[a]?.durable, batch[b]?.durable));
    await this.db.transaction().execute(async (trx) => {
      // One statement for the ledger; RETURNING names the (unit, epoch, seq) that were new.
      const inserted = await trx
        .insertInto('durable_seqs')
        .values(
          order.map((i) => {
            const { kind, message } = (batch[i] as { durable: DurableMessage }).durable;
            const { unit, epoch, seq } = message;
            return { unit, epoch, seq, kind, received_at: receivedAt };
          }),
        )
        .onConflict((oc) => oc.columns(['unit', 'epoch', 'seq']).doNothing())
        .returning(['unit', 'epoch', 'seq'])
        .execute();
      const fresh = new Set(inserted.map((r) => keyOf(r)));
      const samples: SessionSamples[] = [];
      const progress = new Map<string, { unit: string; epoch: string; max_seq: number }>();
      for (const i of order) {
        const { durable, json } = batch[i] as { durable: DurableMessage; json: string };
        const key = keyOf(durable.message);
        // The first of the batch with a new key is new; a repeat within the batch is a duplicate.
        if (!fresh.delete(key)) continue;
        isNew[i] = true;
        const { unit, epoch, seq } = durable.message;
        if (durable.kind === 'session/samples') samples.push(durable.message);
        else if (durable.kind === 'session/event')
          await SessionsRepo.storeEvent(trx, durable.message, json, receivedAt);
        else await SessionsRepo.storeReport(trx, durable.message, json, receivedAt);
        const p = progress.get(`${unit}/${epoch}`);
        if (!p || p.max_seq < seq) progress.set(`${unit}/${epoch}`, { unit, epoch, max_seq: seq });
      }
      await SessionsRepo.storeSampleBatches(trx, samples, receivedAt);
      if (progress.size === 0) return;
      await trx
        .insertInto('epoch_progress')
        .values([...progress.values()].map((p) => ({ ...p, contiguous_to: -1, updated_at: receivedAt })))
        .onConflict((oc) =>
          oc.columns(['unit', 'epoch']).doUpdateSet({
            max_seq: sql<number>`case when epoch_progress.max_seq < excluded.max_seq then excluded.max_seq else epoch_progress.max_seq end`,
            updated_at: receivedAt,
          }),
        )
        .execute();
    });
    return isNew;
  }
}

function keyOf(m: { unit: string; epoch: string; seq: number }): string {
  return `${m.unit}\u0000${m.epoch}\u0000${m.seq}`;
}

function compareKeys(a: DurableMessage | undefined, b: DurableMessage | undefined): number {
  if (!a || !b) return 0;
  const x = a.message;
  const y = b.message;
  if (x.unit !== y.unit) return x.unit < y.unit ? -1 : 1;
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return x.seq - y.seq;
}
