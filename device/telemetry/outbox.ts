import type { Statement } from 'better-sqlite3';
import { NocturneError } from '../../shared/errors.js';
import { MAX_SAMPLES_PER_BATCH } from '../../shared/schemas/session-samples.js';
import { type DurableKind, isDurableKind } from '../../shared/topics.js';
import { DeviceErrorCode } from '../errors/codes.js';
import { mergeBatches, type SampleBatch } from './sample-merge.js';
import { MetaCounter, type StateDb } from './state-db.js';
import type { StateDir } from './state-dir.js';

export interface OutboxOptions {
  /** Above this many waiting messages, sample batches are merged (DESIGN.md "MQTT"). */
  maxMessages: number;
}

/** Default bound: about a month of nightly sessions at one batch per 10 s. */
export const DEFAULT_MAX_MESSAGES = 10_000;

export interface OutboxRow {
  id: number;
  kind: DurableKind;
  session_id: string;
  seq: number | null;
  ts: number;
  body: string;
}

/** A message ready to publish: it has its `seq` for good. */
export interface SealedMessage {
  id: number;
  kind: DurableKind;
  seq: number;
  json: string;
}

/**
 * The unit's durable outbox for session messages (SQLite in the state dir). A message is stored
 * before it is published and removed only when the broker acknowledged it. It gets its `seq` when
 * it is first handed to the broker, in the same transaction that advances the counter, so seq is
 * contiguous and never reused; until then sample batches may still be merged when the outbox is
 * over its bound. Events and reports are never merged or dropped.
 */
export class Outbox {
  private readonly db: StateDb;
  private readonly nextSeq: MetaCounter;
  private readonly mergedCount: MetaCounter;
  private readonly insert: Statement<[string, string, number, number, string]>;
  private readonly afterStmt: Statement<[number, number], OutboxRow>;
  private readonly byId: Statement<[number], OutboxRow>;
  private readonly setSeq: Statement<[number, number]>;
  private readonly remove: Statement<[number]>;
  private readonly count: Statement<[], { n: number }>;
  private readonly unsealedSamples: Statement<[], { id: number; session_id: string; samples: number }>;
  private readonly setBody: Statement<[string, number, number]>;
  private waiting: number;

  constructor(
    private readonly stateDir: StateDir,
    private readonly o: OutboxOptions = { maxMessages: DEFAULT_MAX_MESSAGES },
  ) {
    const db = stateDir.db;
    this.db = db;
    this.nextSeq = new MetaCounter(db, 'next_seq');
    this.mergedCount = new MetaCounter(db, 'merged_batches');
    this.insert = db.prepare(
      'INSERT INTO outbox (kind, session_id, ts, samples, body) VALUES (?, ?, ?, ?, ?)',
    );
    this.afterStmt = db.prepare(
      'SELECT id, kind, session_id, seq, ts, body FROM outbox WHERE id > ? ORDER BY id LIMIT ?',
    );
    this.byId = db.prepare('SELECT id, kind, session_id, seq, ts, body FROM outbox WHERE id = ?');
    this.setSeq = db.prepare('UPDATE outbox SET seq = ? WHERE id = ?');
    this.remove = db.prepare('DELETE FROM outbox WHERE id = ?');
    this.count = db.prepare('SELECT count(*) AS n FROM outbox');
    this.unsealedSamples = db.prepare(
      "SELECT id, session_id, samples FROM outbox WHERE kind = 'session/samples' AND seq IS NULL ORDER BY id",
    );
    this.setBody = db.prepare('UPDATE outbox SET body = ?, samples = ? WHERE id = ?');
    this.waiting = this.count.get()?.n ?? 0;
  }

  /** Messages stored and not yet acknowledged. */
  get pending(): number {
    return this.waiting;
  }

  /** Sample batches merged into others since the state dir was made. */
  get merged(): number {
    return this.mergedCount.read();
  }

  /**
   * Stores a message (its full payload except `seq`), durably, before anything is sent. A sample
   * batch that finds the outbox over its bound first makes room by merging older batches.
   */
  add(kind: DurableKind, sessionId: string, payload: Record<string, unknown>, ts: number): void {
    const samples = kind === 'session/samples' ? (payload as unknown as SampleBatch).samples.length : 0;
    this.db.transaction(() => {
      if (kind === 'session/samples') {
        while (this.waiting >= this.o.maxMessages && this.mergeOldestPair()) this.waiting--;
      }
      this.insert.run(kind, sessionId, ts, samples, JSON.stringify(payload));
      this.stateDir.noteTs(ts);
    })();
    this.waiting++;
  }

  /** Stored messages after `id`, oldest first. */
  after(id: number, limit: number): OutboxRow[] {
    return this.afterStmt.all(id, limit).map(checkKind);
  }

  /** Gives the message its `seq` (the next one, once and for good) and its final JSON. */
  seal(row: OutboxRow): SealedMessage {
    const seq = this.db.transaction(() => {
      const current = this.byId.get(row.id);
      if (!current) throw new NocturneError(DeviceErrorCode.StateDir, `outbox message ${row.id} is gone`);
      if (current.seq !== null) return current.seq;
      const next = this.nextSeq.read();
      this.setSeq.run(next, row.id);
      this.nextSeq.write(next + 1);
      return next;
    })();
    const fresh = this.byId.get(row.id) as OutboxRow;
    return { id: row.id, kind: row.kind, seq, json: withSeq(fresh.body, seq) };
  }

  /** The broker has it: forget it. */
  ack(id: number): void {
    if (this.remove.run(id).changes > 0) this.waiting--;
  }

  /** The next seq this outbox will give (for tests and diagnostics). */
  get nextSeqValue(): number {
    return this.nextSeq.read();
  }

  /** Merges the oldest two unsealed batches of one session that fit a batch, else the oldest two. */
  private mergeOldestPair(): boolean {
    const rows = this.unsealedSamples.all();
    let pair: [number, number] | undefined;
    for (let i = 0; i + 1 < rows.length; i++) {
      const a = rows[i] as (typeof rows)[number];
      const b = rows[i + 1] as (typeof rows)[number];
      if (a.session_id !== b.session_id) continue;
      pair ??= [a.id, b.id];
      // Pairs that fit one batch go first, so thinning (coarser samples) comes last.
      if (a.samples + b.samples <= MAX_SAMPLES_PER_BATCH) {
        pair = [a.id, b.id];
        break;
      }
    }
    if (!pair) return false;
    const a = this.byId.get(pair[0]) as OutboxRow;
    const b = this.byId.get(pair[1]) as OutboxRow;
    const first = JSON.parse(a.body) as Record<string, unknown> & SampleBatch;
    const merged = mergeBatches(first, JSON.parse(b.body) as SampleBatch);
    this.setBody.run(JSON.stringify({ ...first, ...merged }), merged.samples.length, a.id);
    this.remove.run(b.id);
    this.mergedCount.write(this.mergedCount.read() + 1);
    return true;
  }
}

function checkKind(row: OutboxRow): OutboxRow {
  if (!isDurableKind(row.kind))
    throw new NocturneError(DeviceErrorCode.StateDir, `outbox holds an unknown kind ${String(row.kind)}`);
  return row;
}

/** Adds `seq` right after `epoch`, so the payload reads in envelope order. */
function withSeq(body: string, seq: number): string {
  const payload = JSON.parse(body) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    out[key] = value;
    if (key === 'epoch') out.seq = seq;
  }
  if (!('seq' in out)) out.seq = seq;
  return JSON.stringify(out);
}
