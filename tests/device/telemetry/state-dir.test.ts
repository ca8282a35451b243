import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../device/telemetry/outbox.js';
import { StateDir } from '../../../device/telemetry/state-dir.js';
import type { NocturneError } from '../../../shared/errors.js';
import { useStateDirs } from '../../helpers/state-dirs.js';

describe('StateDir', () => {
  const stateDirs = useStateDirs();
  const fresh = stateDirs.fresh;
  const openDir = (path: string) => stateDirs.open(path);
  /** Stores one message and seals it, as the publisher does; returns its seq. */
  const sendOne = (dir: StateDir, ts: number) => {
    const outbox = new Outbox(dir);
    outbox.add('session/event', 's1', { ts }, ts);
    const row = outbox.after(0, 100).at(-1);
    if (!row) throw new Error('not stored');
    return outbox.seal(row).seq;
  };

  it('makes an epoch once and keeps seq and the last ts across reopenings', () => {
    const path = fresh();
    const first = openDir(path);
    expect(first.lastTs).toBe(0);
    expect([sendOne(first, 100), sendOne(first, 50), sendOne(first, 200)]).toEqual([0, 1, 2]);
    first.close();

    const again = openDir(path);
    expect(again.epoch).toBe(first.epoch);
    expect(again.lastTs).toBe(200);
    expect(sendOne(again, 300)).toBe(3);
  });

  it('starts a new epoch when the dir is wiped', () => {
    const a = openDir(fresh());
    const b = openDir(fresh());
    expect(a.epoch).not.toBe(b.epoch);
    expect(sendOne(b, 1)).toBe(0);
  });

  it('starts a new epoch rather than reuse seq when the database is lost but the epoch file is not', () => {
    const path = fresh();
    const first = openDir(path);
    sendOne(first, 1);
    first.close();
    for (const f of ['state.db', 'state.db-wal', 'state.db-shm']) rmSync(join(path, f), { force: true });
    const again = openDir(path);
    expect(again.epoch).not.toBe(first.epoch);
    expect(sendOne(again, 2)).toBe(0);
  });

  it('carries over the counters of a walking-skeleton state dir', () => {
    const path = fresh();
    openDir(path).close();
    for (const f of ['state.db', 'state.db-wal', 'state.db-shm']) rmSync(join(path, f), { force: true });
    writeFileSync(join(path, 'counters.json'), '{"next_seq": 41, "last_ts": 1234}');
    const dir = openDir(path);
    expect(dir.lastTs).toBe(1234);
    expect(sendOne(dir, 2000)).toBe(41);
    expect(existsSync(join(path, 'epoch'))).toBe(true);
  });

  it('remembers the session in progress until it is cleared', () => {
    const path = fresh();
    const dir = openDir(path);
    const session = { session_id: 'sx1', started_at: 5, planned_s: 2700, trigger: 'button' as const };
    dir.setActiveSession(session);
    expect(openDir(path).activeSession()).toEqual(session);
    dir.setActiveSession(undefined);
    expect(openDir(path).activeSession()).toBeUndefined();
  });

  it('refuses a damaged state database with a coded error instead of restarting seq at 0', () => {
    const path = fresh();
    StateDir.open(path).close();
    writeFileSync(join(path, 'state.db'), 'this is not a database');
    rmSync(join(path, 'state.db-wal'), { force: true });
    expect(() => StateDir.open(path)).toThrow(
      expect.objectContaining({ code: 'E_STATE_DIR' }) as NocturneError,
    );
  });
});
