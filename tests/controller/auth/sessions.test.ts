import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginSessions } from '../../../controller/auth/sessions.js';
import { createUser, resetPassword } from '../../../controller/auth/users.js';
import { type ControllerStore, repositories } from '../../../controller/store/repos.js';
import { VirtualClock } from '../../../shared/clock.js';
import { storeKinds } from '../store/stores.js';

const MIN = 60_000;

describe.each(storeKinds)('login sessions on $name', (kind) => {
  let store: ControllerStore;
  let dispose: () => Promise<void>;
  let clock: VirtualClock;
  let sessions: LoginSessions;
  let password: string;

  beforeEach(async () => {
    const opened = await kind.open();
    store = repositories(opened.store);
    dispose = opened.dispose;
    clock = new VirtualClock();
    sessions = new LoginSessions(store, clock);
    password = (await createUser(store, clock, 'cara', 'caregiver'))?.password ?? '';
  });
  afterEach(async () => dispose());

  async function signIn() {
    const result = await sessions.login('cara', password, '10.0.0.1');
    if (!result.ok) throw new Error(`login failed: ${result.reason}`);
    return result.token;
  }

  it('keeps a used session alive and ends it after 30 idle minutes', async () => {
    const token = await signIn();
    for (let i = 0; i < 4; i++) {
      clock.advance(29 * MIN);
      expect((await sessions.authenticate(token))?.username).toBe('cara');
    }
    clock.advance(31 * MIN);
    expect(await sessions.authenticate(token)).toBeUndefined();
    // Ended for good, not only for this request.
    clock.advance(-31 * MIN);
    expect(await sessions.authenticate(token)).toBeUndefined();
  });

  it('ends every session 12 hours after sign-in, however busy', async () => {
    const token = await signIn();
    for (let t = 0; t < 12 * 60 - 20; t += 20) {
      clock.advance(20 * MIN);
      expect(await sessions.authenticate(token)).toBeDefined();
    }
    clock.advance(40 * MIN);
    expect(await sessions.authenticate(token)).toBeUndefined();
  });

  it('a background check does not keep an idle session alive', async () => {
    const token = await signIn();
    clock.advance(20 * MIN);
    expect(await sessions.authenticate(token, { touch: false })).toBeDefined();
    clock.advance(11 * MIN);
    expect(await sessions.authenticate(token)).toBeUndefined();
  });

  it('ends the sessions of a disabled user at once and refuses their login', async () => {
    const token = await signIn();
    await store.users.setDisabled('cara', true);
    expect(await sessions.authenticate(token)).toBeUndefined();
    expect(await sessions.login('cara', password, '10.0.0.1')).toEqual({ ok: false, reason: 'failed' });
  });

  it('locks a username after 5 failures within 15 minutes, then lets it try again', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await sessions.login('cara', 'wrong', `10.0.1.${i}`)).toEqual({ ok: false, reason: 'failed' });
    }
    // The right password is refused too while locked: the limit must not leak which one is right.
    expect(await sessions.login('cara', password, '10.0.2.1')).toEqual({ ok: false, reason: 'rate_limited' });
    clock.advance(15 * MIN + 1);
    expect((await sessions.login('cara', password, '10.0.2.1')).ok).toBe(true);
  });

  it('lets at most 5 of many parallel attempts reach the password check', async () => {
    const attempts = Array.from({ length: 20 }, (_, i) =>
      sessions.login('cara', i === 19 ? password : `guess-${i}`, `10.0.4.${i}`),
    );
    const results = await Promise.all(attempts);
    const checked =
      results.filter((r) => !r.ok && r.reason === 'failed').length + results.filter((r) => r.ok).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === 'rate_limited').length).toBeGreaterThanOrEqual(15);
  });

  it('locks an address after 5 failures across usernames', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) await sessions.login(name, 'x', '10.0.3.1');
    expect(await sessions.login('cara', password, '10.0.3.1')).toEqual({ ok: false, reason: 'rate_limited' });
    expect((await sessions.login('cara', password, '10.0.3.2')).ok).toBe(true);
  });

  it('changes a password (other sessions end) and an admin reset ends every session', async () => {
    const first = await signIn();
    const second = await signIn();
    const caller = await sessions.authenticate(second);
    if (!caller) throw new Error('no caller');
    expect(await sessions.changePassword(caller, 'not it', 'a-new-long-password')).toBe(false);
    expect(await sessions.changePassword(caller, password, 'a-new-long-password')).toBe(true);
    expect(await sessions.authenticate(first)).toBeUndefined();
    expect(await sessions.authenticate(second)).toBeDefined();
    expect((await sessions.login('cara', 'a-new-long-password', '10.0.0.1')).ok).toBe(true);

    const reset = await resetPassword(store, clock, 'cara');
    expect(await sessions.authenticate(second)).toBeUndefined();
    expect((await sessions.login('cara', reset?.password ?? '', '10.0.0.1')).ok).toBe(true);
  });
});
