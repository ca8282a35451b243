import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerStore, repositories } from '../../../controller/store/repos.js';
import type { SessionEvent } from '../../../shared/schemas/session-event.js';
import { storeKinds } from './stores.js';

const epoch = '7b0d3a52-51a4-4d4e-8f7e-0a1b2c3d4e5f';

function event(seq: number, body: Record<string, unknown>): SessionEvent {
  return {
    v: 1,
    unit: 'bed-1',
    ts: 1_000_000 + seq * 1000,
    epoch,
    seq,
    session_id: 's1',
    ...body,
  } as SessionEvent;
}

describe.each(storeKinds)('store on $name', (kind) => {
  let repos: ControllerStore;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    const opened = await kind.open();
    repos = repositories(opened.store);
    dispose = opened.dispose;
  });
  afterEach(async () => dispose());

  it('tracks a unit going online and offline', async () => {
    await repos.units.recordStatus('bed-1', true, 1000);
    expect((await repos.units.get('bed-1'))?.online).toBe(1);
    await repos.units.recordStatus('bed-1', false, 2000);
    const row = await repos.units.get('bed-1');
    expect(row).toMatchObject({ online: 0, first_seen_at: 1000, status_changed_at: 2000 });
  });

  it('keeps the newest state by the unit timestamp, whatever the arrival order', async () => {
    await repos.units.recordState('bed-1', '{"n":2}', 2000, 10);
    await repos.units.recordState('bed-1', '{"n":1}', 1000, 20);
    expect((await repos.units.get('bed-1'))?.state_json).toBe('{"n":2}');
    await repos.units.recordState('bed-1', '{"n":3}', 3000, 30);
    expect((await repos.units.get('bed-1'))?.state_json).toBe('{"n":3}');
  });

  it('stores each session event once per (unit, epoch, seq) and builds the session from them', async () => {
    const started = event(0, { type: 'started', trigger: 'button', planned_s: 2700 });
    const stopped = event(5, { type: 'stopped', end_reason: 'calm', duration_s: 1500 });
    // The stop arrives first: order must not matter.
    expect(await repos.sessions.recordEvent(stopped, JSON.stringify(stopped), 1)).toBe(true);
    expect(await repos.sessions.recordEvent(started, JSON.stringify(started), 2)).toBe(true);
    expect(await repos.sessions.recordEvent(started, JSON.stringify(started), 3)).toBe(false);
    const sessions = await repos.sessions.listForUnit('bed-1');
    expect(sessions).toEqual([
      {
        unit: 'bed-1',
        session_id: 's1',
        started_at: started.ts,
        ended_at: stopped.ts,
        end_reason: 'calm',
        trigger: 'button',
        planned_s: 2700,
        duration_s: 1500,
      },
    ]);
    const events = await repos.sessions.events('bed-1', 's1');
    expect(events.map((e) => e.seq)).toEqual([0, 5]);
  });

  it('counts rejects per unit and reason', async () => {
    await repos.rejects.count('bed-1', 'not_json', 'payload is not JSON', 10);
    await repos.rejects.count('bed-1', 'not_json', 'payload is not JSON', 20);
    await repos.rejects.count('', 'bad_topic', 'x', 30);
    expect(await repos.rejects.list()).toEqual([
      { unit: '', reason: 'bad_topic', count: 1, last_at: 30, last_error: 'x' },
      { unit: 'bed-1', reason: 'not_json', count: 2, last_at: 20, last_error: 'payload is not JSON' },
    ]);
  });

  it('issues unit logins that verify only with their own password', async () => {
    const password = await repos.accounts.issue('bed-1', 'unit', 1);
    expect(await repos.accounts.verify('bed-1', password)).toBe('unit');
    expect(await repos.accounts.verify('bed-1', `${password}x`)).toBeUndefined();
    expect(await repos.accounts.verify('bed-2', password)).toBeUndefined();
    const renewed = await repos.accounts.issue('bed-1', 'unit', 2);
    expect(await repos.accounts.verify('bed-1', password)).toBeUndefined();
    expect(await repos.accounts.verify('bed-1', renewed)).toBe('unit');
  });
});
