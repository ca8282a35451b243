import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type {
  SessionEvent,
  sessionMissedSchema,
  sessionSkippedSchema,
} from '../../shared/schemas/session-event.js';
import type { SessionReport } from '../../shared/schemas/session-report.js';
import type { SessionSamples } from '../../shared/schemas/session-samples.js';
import type {
  Database,
  SessionEventsTable,
  SessionReportsTable,
  SessionSamplesTable,
  SessionsTable,
} from './schema.js';

export type SessionRow = Selectable<SessionsTable>;
export type SessionEventRow = Selectable<SessionEventsTable>;
export type SessionSamplesRow = Selectable<SessionSamplesTable>;
export type SessionReportRow = Selectable<SessionReportsTable>;
/** A `missed` or `skipped` session event as ingest validated and stored it. */
export type OccurrenceEvent = z.infer<typeof sessionMissedSchema> | z.infer<typeof sessionSkippedSchema>;

/**
 * Sessions and what they are made of: events, sample batches, reports. The `store*` methods run
 * inside the transaction of DurableRepo.record, which has already made sure the (unit, epoch, seq)
 * is new; each fills in its own columns, so messages may arrive in any order.
 */
export class SessionsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  static async storeEvent(
    trx: Kysely<Database>,
    event: SessionEvent,
    json: string,
    at: number,
  ): Promise<void> {
    await trx
      .insertInto('session_events')
      .values({
        unit: event.unit,
        epoch: event.epoch,
        seq: event.seq,
        ts: event.ts,
        session_id: event.session_id,
        type: event.type,
        payload_json: json,
        received_at: at,
      })
      .execute();
    // A missed or skipped scheduled start names an occurrence, not a session: no session row.
    if (event.type === 'missed' || event.type === 'skipped') return;
    const set =
      event.type === 'started'
        ? { started_at: event.ts, trigger: event.trigger, planned_s: event.planned_s }
        : event.type === 'stopped'
          ? { ended_at: event.ts, end_reason: event.end_reason, duration_s: event.duration_s }
          : undefined;
    await SessionsRepo.upsertSession(trx, event.unit, event.session_id, set);
  }

  static async storeSamples(trx: Kysely<Database>, m: SessionSamples, at: number): Promise<void> {
    await SessionsRepo.storeSampleBatches(trx, [m], at);
  }

  /** Several sample batches in one statement (ingest's batches: one round trip, not one per message). */
  static async storeSampleBatches(
    trx: Kysely<Database>,
    batches: SessionSamples[],
    at: number,
  ): Promise<void> {
    if (batches.length === 0) return;
    await trx
      .insertInto('session_samples')
      .values(
        batches.map((m) => {
          const ts = m.samples.map((s) => s.t);
          return {
            unit: m.unit,
            epoch: m.epoch,
            seq: m.seq,
            session_id: m.session_id,
            ts: m.ts,
            t_first: Math.min(...ts),
            t_last: Math.max(...ts),
            count: m.samples.length,
            interval_ms: m.interval_ms,
            samples_json: JSON.stringify(m.samples),
            received_at: at,
          };
        }),
      )
      .execute();
  }

  static async storeReport(trx: Kysely<Database>, m: SessionReport, json: string, at: number): Promise<void> {
    await trx
      .insertInto('session_reports')
      .values({
        unit: m.unit,
        session_id: m.session_id,
        epoch: m.epoch,
        seq: m.seq,
        ts: m.ts,
        end_reason: m.end_reason,
        duration_s: m.duration_s,
        payload_json: json,
        received_at: at,
        protocol_name: m.protocol?.name ?? null,
        protocol_version: m.protocol?.version ?? null,
      })
      .onConflict((oc) => oc.columns(['unit', 'session_id']).doNothing())
      .execute();
    await SessionsRepo.upsertSession(trx, m.unit, m.session_id, {
      started_at: m.started_at,
      ended_at: m.ended_at,
      end_reason: m.end_reason,
      duration_s: m.duration_s,
    });
  }

  private static async upsertSession(
    trx: Kysely<Database>,
    unit: string,
    sessionId: string,
    set: Partial<Omit<SessionRow, 'unit' | 'session_id'>> | undefined,
  ): Promise<void> {
    await trx
      .insertInto('sessions')
      .values({ unit, session_id: sessionId, ...set })
      .onConflict((oc) => (set ? oc.columns(['unit', 'session_id']).doUpdateSet(set) : oc.doNothing()))
      .execute();
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

  /** Sessions of `unit` that started in [from, to) (to null: open-ended), newest first. */
  async listForUnitBetween(
    unit: string,
    from: number,
    to: number | null,
    limit = 100,
  ): Promise<SessionRow[]> {
    let query = this.db
      .selectFrom('sessions')
      .selectAll()
      .where('unit', '=', unit)
      .where((eb) => eb(eb.fn.coalesce('started_at', 'ended_at'), '>=', from));
    if (to !== null) query = query.where((eb) => eb(eb.fn.coalesce('started_at', 'ended_at'), '<', to));
    return query.orderBy('started_at', 'desc').limit(limit).execute();
  }

  /**
   * The scheduled starts the unit recorded as missed or skipped, due in [from, to), oldest first.
   * The unit decides no earlier than the start is due, so the event's `ts` bounds the search.
   */
  async occurrences(unit: string, from: number, to: number): Promise<OccurrenceEvent[]> {
    const rows = await this.db
      .selectFrom('session_events')
      .select(['payload_json'])
      .where('unit', '=', unit)
      .where('type', 'in', ['missed', 'skipped'])
      .where('ts', '>=', from)
      .execute();
    return rows
      .map((r) => JSON.parse(r.payload_json) as OccurrenceEvent)
      .filter((e) => e.scheduled_at >= from && e.scheduled_at < to)
      .sort((a, b) => a.scheduled_at - b.scheduled_at || a.entry - b.entry);
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

  async samples(unit: string, sessionId: string): Promise<SessionSamplesRow[]> {
    return this.db
      .selectFrom('session_samples')
      .selectAll()
      .where('unit', '=', unit)
      .where('session_id', '=', sessionId)
      .orderBy('t_first')
      .execute();
  }

  async report(unit: string, sessionId: string): Promise<SessionReportRow | undefined> {
    return this.db
      .selectFrom('session_reports')
      .selectAll()
      .where('unit', '=', unit)
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
  }
}
