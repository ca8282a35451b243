import type { Kysely, Selectable } from 'kysely';
import type { Database, EpochProgressTable, SeqGapsTable } from './schema.js';

export type SeqGapRow = Selectable<SeqGapsTable>;
export type EpochProgressRow = Selectable<EpochProgressTable>;

/** The progress of each epoch's seq and the gaps found in it. */
export class GapsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Epochs with seqs above their contiguous prefix: where a gap may be. */
  async unsettledEpochs(): Promise<EpochProgressRow[]> {
    return this.db
      .selectFrom('epoch_progress')
      .selectAll()
      .whereRef('contiguous_to', '<', 'max_seq')
      .execute();
  }

  async seqsAfter(
    unit: string,
    epoch: string,
    after: number,
    limit: number,
  ): Promise<{ seq: number; received_at: number }[]> {
    return this.db
      .selectFrom('durable_seqs')
      .select(['seq', 'received_at'])
      .where('unit', '=', unit)
      .where('epoch', '=', epoch)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  async seqsWithin(unit: string, epoch: string, from: number, to: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('durable_seqs')
      .select('seq')
      .where('unit', '=', unit)
      .where('epoch', '=', epoch)
      .where('seq', '>=', from)
      .where('seq', '<=', to)
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.seq);
  }

  async advance(unit: string, epoch: string, contiguousTo: number, gaps: SeqGapRow[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (gaps.length > 0)
        await trx
          .insertInto('seq_gaps')
          .values(gaps)
          .onConflict((oc) => oc.doNothing())
          .execute();
      await trx
        .updateTable('epoch_progress')
        .set({ contiguous_to: contiguousTo })
        .where('unit', '=', unit)
        .where('epoch', '=', epoch)
        .where('contiguous_to', '<', contiguousTo)
        .execute();
    });
  }

  /** Replaces a recorded gap by what is still missing of it (a late message may have filled some). */
  async replace(gap: SeqGapRow, remaining: SeqGapRow[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('seq_gaps')
        .where('unit', '=', gap.unit)
        .where('epoch', '=', gap.epoch)
        .where('from_seq', '=', gap.from_seq)
        .execute();
      if (remaining.length > 0) await trx.insertInto('seq_gaps').values(remaining).execute();
    });
  }

  async list(unit?: string): Promise<SeqGapRow[]> {
    let q = this.db.selectFrom('seq_gaps').selectAll();
    if (unit !== undefined) q = q.where('unit', '=', unit);
    return q.orderBy('unit').orderBy('epoch').orderBy('from_seq').execute();
  }
}
