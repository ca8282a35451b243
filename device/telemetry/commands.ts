import type { Statement } from 'better-sqlite3';
import type { Clock } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import { formatIssues } from '../../shared/format-issues.js';
import type { Logger } from '../../shared/log.js';
import {
  type AckStatus,
  type Command,
  type CommandName,
  commandHeaderSchema,
  isCommandName,
} from '../../shared/schemas/command.js';
import { inboundTopics } from '../../shared/topics.js';
import type { StateDb } from './state-db.js';

/** A validated command, with its name, as the unit handles it. */
export type UnitCommand = { [N in CommandName]: Command<N> & { name: N } }[CommandName];

/** What the unit says to a command: rejected now, or accepted with the moment it took effect. */
export type CommandOutcome =
  | { status: 'accepted'; done: Promise<void> }
  | { status: 'rejected'; reason: string };
export type CommandHandler = (command: UnitCommand) => CommandOutcome;

export interface CommandAnswer {
  cmd_id: string;
  status: AckStatus;
  reason?: string;
}

export interface CommandReceiverOptions {
  db: StateDb;
  clock: Clock;
  /**
   * The time `issued_at` and `expires_at` are in: the controller's wall clock. A real unit has one
   * clock for both; a simulated unit whose time runs faster would judge every command expired.
   */
  expiryClock?: Clock;
  log: Logger;
  /** Publishes an answer on `cmd/<name>/ack`. */
  answer(name: string, answer: CommandAnswer): void;
}

/** Command names that can be answered at all (the ack topic must be valid). */
const ANSWERABLE_NAME = /^[a-z_]{1,32}$/;
/** How long a cmd_id is remembered after its expiry, so a late repeat is still answered, not run. */
const REMEMBER_MS = 7 * 24 * 3600_000;

interface Seen {
  status: AckStatus;
  reason: string | null;
}

/**
 * Receives `cmd/<name>`: validates, executes each `cmd_id` at most once (remembered durably, so
 * also across restarts) and never after `expires_at`, and answers `accepted`/`rejected`, then
 * `done`. A repeated `cmd_id` gets its answer again. Nothing a sender does can throw out of here.
 */
export class CommandReceiver {
  private handler: CommandHandler | undefined;
  private rejectedCount = 0;
  private readonly find: Statement<[string], Seen>;
  private readonly upsert: Statement<[string, string, string, string | null, number, number]>;
  private readonly prune: Statement<[number]>;

  constructor(private readonly o: CommandReceiverOptions) {
    this.find = o.db.prepare('SELECT status, reason FROM commands WHERE cmd_id = ?');
    this.upsert = o.db.prepare(
      `INSERT INTO commands (cmd_id, name, status, reason, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (cmd_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, updated_at = excluded.updated_at`,
    );
    this.prune = o.db.prepare('DELETE FROM commands WHERE expires_at < ?');
  }

  setHandler(handler: CommandHandler | undefined): void {
    this.handler = handler;
  }

  /** Commands refused since start (malformed, unknown, expired, or refused by the unit). */
  get rejected(): number {
    return this.rejectedCount;
  }

  receive(name: string, payload: Buffer): void {
    try {
      this.handle(name, payload);
    } catch (err) {
      this.rejectedCount++;
      this.o.log.error({ err: errorMessage(err), name }, 'command handling failed');
    }
  }

  private handle(name: string, payload: Buffer): void {
    const json = parseJson(payload);
    const header = commandHeaderSchema.safeParse(json);
    if (!ANSWERABLE_NAME.test(name) || !header.success) {
      this.rejectedCount++;
      this.o.log.warn({ name }, 'command without a valid name or cmd_id: cannot be answered');
      return;
    }
    const cmdId = header.data.cmd_id;
    const seen = this.find.get(cmdId);
    if (seen) {
      this.o.answer(name, {
        cmd_id: cmdId,
        status: seen.status,
        ...(seen.reason ? { reason: seen.reason } : {}),
      });
      return;
    }
    const now = (this.o.expiryClock ?? this.o.clock).now();
    this.prune.run(now - REMEMBER_MS);
    const verdict = this.check(name, json, now);
    if ('reason' in verdict) {
      this.reject(name, cmdId, verdict.expiresAt, verdict.reason);
      return;
    }
    const { command } = verdict;
    // Remembered before it runs: a crash mid-way never runs it twice.
    this.record(name, cmdId, 'accepted', null, command.expires_at);
    let outcome: CommandOutcome;
    try {
      outcome = this.handler
        ? this.handler(command)
        : { status: 'rejected', reason: 'the unit is not ready' };
    } catch (err) {
      outcome = { status: 'rejected', reason: errorMessage(err) };
    }
    if (outcome.status === 'rejected') {
      this.reject(name, cmdId, command.expires_at, outcome.reason);
      return;
    }
    this.o.answer(name, { cmd_id: cmdId, status: 'accepted' });
    outcome.done.then(
      () => this.finish(name, cmdId, 'done', null, command.expires_at),
      (err: unknown) =>
        this.finish(name, cmdId, 'rejected', `failed: ${errorMessage(err)}`, command.expires_at),
    );
  }

  /** A command the unit may run now, or why not. */
  private check(
    name: string,
    json: unknown,
    now: number,
  ): { command: UnitCommand } | { reason: string; expiresAt: number } {
    const raw = (json as { expires_at?: unknown }).expires_at;
    const expiresAt = typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : now;
    if (!isCommandName(name)) return { reason: `unknown command "${name}"`, expiresAt };
    const parsed = inboundTopics[`cmd/${name}`].schema.safeParse(json);
    if (!parsed.success) return { reason: formatIssues(parsed.error).replaceAll('\n', '; '), expiresAt };
    const command = { ...parsed.data, name } as UnitCommand;
    if (now > command.expires_at) return { reason: 'expired', expiresAt: command.expires_at };
    return { command };
  }

  private finish(
    name: string,
    cmdId: string,
    status: AckStatus,
    reason: string | null,
    expiresAt: number,
  ): void {
    try {
      this.record(name, cmdId, status, reason, expiresAt);
    } catch (err) {
      this.o.log.error({ err: errorMessage(err), cmd_id: cmdId }, 'cannot record a command answer');
    }
    this.o.answer(name, { cmd_id: cmdId, status, ...(reason ? { reason } : {}) });
  }

  private reject(name: string, cmdId: string, expiresAt: number, reason: string): void {
    this.rejectedCount++;
    const short = reason.slice(0, 500);
    this.o.log.warn({ name, cmd_id: cmdId, reason: short }, 'command rejected');
    this.record(name, cmdId, 'rejected', short, expiresAt);
    this.o.answer(name, { cmd_id: cmdId, status: 'rejected', reason: short });
  }

  private record(
    name: string,
    cmdId: string,
    status: AckStatus,
    reason: string | null,
    expiresAt: number,
  ): void {
    this.upsert.run(cmdId, name, status, reason, expiresAt, this.o.clock.now());
  }
}

function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}
