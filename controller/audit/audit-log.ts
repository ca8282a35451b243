import type { AuditEntry } from '../../shared/api-people.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { CommandAck } from '../../shared/schemas/command.js';
import type { AuditRow } from '../store/audit-repo.js';
import type { ControllerStore } from '../store/repos.js';

/** What a person (or, for a command's answer, a unit) did. */
export const AuditAction = {
  Login: 'login',
  Logout: 'logout',
  PasswordChange: 'password.change',
  UserCreate: 'user.create',
  UserUpdate: 'user.update',
  UserPasswordReset: 'user.password_reset',
  PatientCreate: 'patient.create',
  PatientUpdate: 'patient.update',
  Command: 'command',
  CommandAnswer: 'command.answer',
  ScheduleChange: 'schedule.change',
  Export: 'export',
  QuestionnaireEntry: 'questionnaire.entry',
  DiaryEntry: 'diary.entry',
  CoTherapyCreate: 'co_therapy.create',
  CoTherapyEnd: 'co_therapy.end',
  ProgrammeSet: 'programme.set',
  AlertAck: 'alert.ack',
  AlertClear: 'alert.clear',
  AlertSettings: 'alert.settings',
  NoteAdd: 'note.add',
  ProtocolCreate: 'protocol.create',
  ProtocolImport: 'protocol.import',
  ProtocolExport: 'protocol.export',
  /** A signed-in person was refused by the access policy (403/404). */
  AccessDenied: 'access.denied',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

export interface AuditRecord {
  actor: string;
  action: AuditAction;
  patient?: string | null;
  unit?: string | null;
  detail?: Record<string, unknown>;
  /** ok, failed, rate_limited, denied, sent, or a unit's answer (accepted, rejected, done). */
  outcome: string;
}

/** Appends entries to the audit log; nothing here or anywhere else changes or removes one. */
export class AuditLog {
  constructor(
    private readonly store: ControllerStore,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async record(r: AuditRecord): Promise<void> {
    await this.store.audit.append({
      at: this.clock.now(),
      actor: r.actor.slice(0, 64),
      action: r.action,
      patient: r.patient ?? null,
      unit: r.unit ?? null,
      detail_json: JSON.stringify(r.detail ?? {}),
      outcome: r.outcome,
    });
  }

  /** A unit answered a command: the answer goes in beside the command's entry, under the unit's patient. */
  commandAnswered(unit: string, ack: CommandAck): void {
    const work = async () =>
      this.record({
        actor: `unit:${unit}`,
        action: AuditAction.CommandAnswer,
        patient: (await this.store.patients.currentPatientOf(unit)) ?? null,
        unit,
        detail: { cmd_id: ack.cmd_id, ...(ack.reason ? { reason: ack.reason } : {}) },
        outcome: ack.status,
      });
    work().catch((err: unknown) => this.log.error({ err, unit }, 'could not audit a command answer'));
  }
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    patient: row.patient,
    unit: row.unit,
    detail: JSON.parse(row.detail_json) as Record<string, unknown>,
    outcome: row.outcome,
  };
}
