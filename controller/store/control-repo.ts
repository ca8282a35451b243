import type { Kysely, Selectable } from 'kysely';
import type { CommandAck } from '../../shared/schemas/command.js';
import type { ScheduleApplied } from '../../shared/schemas/schedule.js';
import type { CommandsTable, Database, UnitSchedulesTable } from './schema.js';

export type CommandRow = Selectable<CommandsTable>;
export type UnitScheduleRow = Selectable<UnitSchedulesTable>;

/** A command's status only moves forward: sent → accepted → done, or → rejected. */
const RANK: Record<string, number> = { sent: 0, accepted: 1, rejected: 2, done: 2 };

/** Commands the controller sent and their answers; desired schedules and what units applied. */
export class ControlRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async addCommand(row: CommandRow): Promise<void> {
    await this.db.insertInto('commands').values(row).execute();
  }

  async command(unit: string, cmdId: string): Promise<CommandRow | undefined> {
    return this.db
      .selectFrom('commands')
      .selectAll()
      .where('unit', '=', unit)
      .where('cmd_id', '=', cmdId)
      .executeTakeFirst();
  }

  async commands(unit: string, limit = 50): Promise<CommandRow[]> {
    return this.db
      .selectFrom('commands')
      .selectAll()
      .where('unit', '=', unit)
      .orderBy('issued_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Records a unit's answer; returns false when the command is not one of ours or the answer is stale. */
  async recordAck(unit: string, ack: CommandAck, at: number): Promise<boolean> {
    const row = await this.command(unit, ack.cmd_id);
    if (!row || (RANK[ack.status] ?? 0) <= (RANK[row.status] ?? 0)) return false;
    await this.db
      .updateTable('commands')
      .set({ status: ack.status, reason: ack.reason ?? null, updated_at: at })
      .where('cmd_id', '=', ack.cmd_id)
      .execute();
    return true;
  }

  async schedule(unit: string): Promise<UnitScheduleRow | undefined> {
    return this.db.selectFrom('unit_schedules').selectAll().where('unit', '=', unit).executeTakeFirst();
  }

  /** Stores the next desired schedule and returns its version (above anything the unit has seen). */
  async nextSchedule(unit: string, make: (version: number) => string, at: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('unit_schedules')
        .selectAll()
        .where('unit', '=', unit)
        .executeTakeFirst();
      const version = Math.max(row?.version ?? 0, row?.applied_version ?? 0) + 1;
      const set = { version, schedule_json: make(version), updated_at: at };
      await trx
        .insertInto('unit_schedules')
        .values({ unit, ...set })
        .onConflict((oc) => oc.column('unit').doUpdateSet(set))
        .execute();
      return version;
    });
  }

  async recordApplied(unit: string, m: ScheduleApplied): Promise<void> {
    const set = {
      applied_status: m.status,
      applied_version: m.status === 'applied' ? m.version : m.applied_version,
      applied_reason: m.reason ?? null,
      applied_reasons_json: m.reasons ? JSON.stringify(m.reasons) : null,
      answered_version: m.version,
      applied_at: m.ts,
      next_session_at: m.next_session_at,
    };
    await this.db
      .insertInto('unit_schedules')
      .values({ unit, ...set })
      .onConflict((oc) => oc.column('unit').doUpdateSet(set))
      .execute();
  }
}
