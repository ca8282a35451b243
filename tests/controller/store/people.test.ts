import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerStore, repositories } from '../../../controller/store/repos.js';
import { storeKinds } from './stores.js';

describe.each(storeKinds)('people and access on $name', (kind) => {
  let repos: ControllerStore;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    const opened = await kind.open();
    repos = repositories(opened.store);
    dispose = opened.dispose;
  });
  afterEach(async () => dispose());

  it('creates a user once and knows whether an active admin exists', async () => {
    expect(await repos.users.hasAdmin()).toBe(false);
    expect(await repos.users.create('ada', 'admin', 'h1', 10)).toBe(true);
    expect(await repos.users.create('ada', 'viewer', 'h2', 20)).toBe(false);
    expect(await repos.users.get('ada')).toMatchObject({ role: 'admin', password_hash: 'h1', disabled: 0 });
    expect(await repos.users.hasAdmin()).toBe(true);
    await repos.users.setDisabled('ada', true);
    expect(await repos.users.hasAdmin()).toBe(false);
  });

  it('finds a session with its user, and ends every session of a user at once', async () => {
    await repos.users.create('cara', 'caregiver', 'h', 0);
    const row = { username: 'cara', csrf_token: 'c', created_at: 100, last_seen_at: 100 };
    await repos.logins.create({ ...row, token_hash: 'a' });
    await repos.logins.create({ ...row, token_hash: 'b' });
    await repos.logins.touch('a', 150);
    expect(await repos.logins.find('a')).toMatchObject({
      username: 'cara',
      role: 'caregiver',
      last_seen_at: 150,
    });
    await repos.logins.deleteForUser('cara');
    expect(await repos.logins.find('a')).toBeUndefined();
    expect(await repos.logins.find('b')).toBeUndefined();
  });

  it('counts failed logins per key within a window', async () => {
    await repos.logins.recordFailure(['user:x', 'addr:1'], 100, 'a1');
    await repos.logins.recordFailure(['user:x', 'addr:1'], 200, 'a2');
    await repos.logins.recordFailure(['user:y', 'addr:1'], 300, 'a3');
    expect(await repos.logins.maxFailuresSince(['user:x', 'addr:1'], 0)).toBe(3);
    expect(await repos.logins.maxFailuresSince(['user:x', 'addr:2'], 150)).toBe(1);
    expect(await repos.logins.maxFailuresSince(['user:z'], 0)).toBe(0);
    await repos.logins.deleteAttempt('a3');
    expect(await repos.logins.maxFailuresSince(['addr:1'], 0)).toBe(2);
    await repos.logins.prune(0, 0, 150);
    expect(await repos.logins.maxFailuresSince(['addr:1'], 0)).toBe(1);
  });

  it('keeps a patient unit history and lists patients per caregiver', async () => {
    expect(
      await repos.patients.create(
        { code: 'P-1', timezone: 'Europe/Berlin', unit: 'bed-1', caregivers: ['cara'] },
        10,
      ),
    ).toBe(true);
    expect(
      await repos.patients.create(
        { code: 'P-2', timezone: 'UTC', unit: 'bed-2', caregivers: ['dan', 'vic'] },
        10,
      ),
    ).toBe(true);
    expect(
      await repos.patients.create({ code: 'P-1', timezone: 'UTC', unit: null, caregivers: [] }, 11),
    ).toBe(false);
    await repos.patients.assignUnit('P-1', 'bed-3', 50);
    expect(await repos.patients.get('P-1')).toMatchObject({ unit: 'bed-3', caregivers: ['cara'] });
    expect(await repos.patients.unitHistory('P-1')).toEqual([
      { patient: 'P-1', unit: 'bed-1', from_at: 10, to_at: 50 },
      { patient: 'P-1', unit: 'bed-3', from_at: 50, to_at: null },
    ]);
    expect((await repos.patients.list('vic')).map((p) => p.code)).toEqual(['P-2']);
    expect((await repos.patients.list()).map((p) => p.code)).toEqual(['P-1', 'P-2']);
    expect(await repos.patients.isAssigned('P-1', 'dan')).toBe(false);
    expect(await repos.patients.currentPatientOf('bed-1')).toBeUndefined();
    expect(await repos.patients.currentPatientOf('bed-3')).toBe('P-1');
    expect((await repos.patients.currentUnits('dan')).sort()).toEqual(['bed-2']);
  });

  it('appends audit entries in order and filters them by patient', async () => {
    const entry = { actor: 'cara', action: 'command', unit: 'bed-1', detail_json: '{}', outcome: 'ok' };
    await repos.audit.append({ ...entry, at: 1, patient: 'P-1' });
    await repos.audit.append({ ...entry, at: 2, patient: 'P-2' });
    await repos.audit.append({ ...entry, at: 3, patient: null });
    expect((await repos.audit.list({ limit: 10 })).map((r) => r.at)).toEqual([3, 2, 1]);
    expect((await repos.audit.list({ limit: 10, patients: ['P-1'] })).map((r) => r.at)).toEqual([1]);
    expect(await repos.audit.list({ limit: 10, patients: [] })).toEqual([]);
  });
});
