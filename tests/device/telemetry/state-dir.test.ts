import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateDir } from '../../../device/telemetry/state-dir.js';
import type { NocturneError } from '../../../shared/errors.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

describe('StateDir', () => {
  const fresh = useTempDirs();

  it('makes an epoch once and keeps seq and the last ts across reopenings', () => {
    const path = fresh();
    const first = StateDir.open(path);
    expect(first.lastTs).toBe(0);
    expect([first.takeSeq(100), first.takeSeq(50), first.takeSeq(200)]).toEqual([0, 1, 2]);

    const again = StateDir.open(path);
    expect(again.epoch).toBe(first.epoch);
    expect(again.lastTs).toBe(200);
    expect(again.takeSeq(300)).toBe(3);
  });

  it('starts a new epoch when the dir is wiped', () => {
    const a = StateDir.open(fresh());
    const b = StateDir.open(fresh());
    expect(a.epoch).not.toBe(b.epoch);
    expect(b.takeSeq(1)).toBe(0);
  });

  it('remembers the session in progress until it is cleared', () => {
    const path = fresh();
    const dir = StateDir.open(path);
    const session = { session_id: 'sx1', started_at: 5, planned_s: 2700, trigger: 'button' as const };
    dir.setActiveSession(session);
    expect(StateDir.open(path).activeSession()).toEqual(session);
    dir.setActiveSession(undefined);
    expect(StateDir.open(path).activeSession()).toBeUndefined();
  });

  it('refuses a damaged counters file with a coded error instead of restarting seq at 0', () => {
    const path = fresh();
    StateDir.open(path).takeSeq(1);
    writeFileSync(join(path, 'counters.json'), '{"next_seq": "many"}');
    expect(() => StateDir.open(path)).toThrow(
      expect.objectContaining({ code: 'E_STATE_DIR' }) as NocturneError,
    );
  });
});
