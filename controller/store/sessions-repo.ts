import type { Kysely, Selectable } from 'kysely';
import type { SessionEvent } from '../../shared/schemas/session-event.js';
import type { Database, SessionEventsTable, SessionsTable } from './schema.js';

export type SessionRow = Selectable<SessionsTable>;
export type SessionEventRow = Selectable<SessionEventsTable>;

/** Session events, stored once per (unit, epoch, seq), and the sessions they describe. */
export class SessionsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores the event unless it is a duplicate; returns whether it was new. */
  async recordEvent(event: SessionEvent, payloadJson: string, receivedAt: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('session_events')
        .values({
          unit: event.unit,
          epoch: event.epoch,
          seq: event.seq,
          ts: event.ts,
          session_id: event.session_id,
          type: event.type,
          payload_json: payloadJson,
          received_at: receivedAt,
        })
        .onConflict((oc) => oc.columns(['unit', 'epoch', 'seq']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      const key = { unit: event.unit, session_id: event.session_id };
      // Each event fills in its own columns, so events may arrive in any order.
      const set =
        event.type === 'started'
          ? { started_at: event.ts, trigger: event.trigger, planned_s: event.planned_s }
          : event.type === 'stopped'
            ? { ended_at: event.ts, end_reason: event.end_reason, duration_s: event.duration_s }
            : undefined;
      await trx
        .insertInto('sessions')
        .values({ ...key, ...set })
        .onConflict((oc) => (set ? oc.columns(['unit', 'session_id']).doUpdateSet(set) : oc.doNothing()))
        .execute();
      return true;
    });
  }

  async listForUnit(unit: string, limit = 100): Promise<SessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('unit', '=', unit)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
  }

  async get(unit: string, sessionId: string): Promise<SessionRow | undefined> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('unit', '=', unit)
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
  }

  async events(unit: string, sessionId: string): Promise<SessionEventRow[]> {
    return this.db
      .selectFrom('session_events')
      .selectAll()
      .where('unit', '=', unit)
      .where('session_id', '=', sessionId)
      .orderBy('epoch')
      .orderBy('seq')
      .execute();
  }
}
