import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../shared/api-people.js';
import type { Clock } from '../../shared/clock.js';
import type { ControllerStore } from '../store/repos.js';
import { dummyHash, hashUserPassword, verifyUserPassword } from './passwords.js';

export interface SessionLimits {
  /** A session unused this long ends (default 30 min). */
  idleMs: number;
  /** A session ends this long after sign-in, used or not (default 12 h). */
  absoluteMs: number;
  /** Failed logins allowed per username and per address within `failureWindowMs`. */
  maxFailures: number;
  failureWindowMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3_600_000,
  maxFailures: 5,
  failureWindowMs: 15 * 60_000,
};

/** Last-seen is written at most this often: a request need not be a database write. */
const TOUCH_EVERY_MS = 10_000;

/** The signed-in person a request acts for. */
export interface Caller {
  username: string;
  role: Role;
  csrf_token: string;
  /** Identifies the session (a hash; the token itself is never stored). */
  session: string;
}

export type LoginResult =
  | { ok: true; token: string; caller: Caller }
  | { ok: false; reason: 'failed' | 'rate_limited' };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Login sessions kept in the database (so an admin can end them and several controller
 * processes agree), with idle and absolute expiry on the injected clock, and the login rate limit.
 */
export class LoginSessions {
  constructor(
    private readonly store: ControllerStore,
    private readonly clock: Clock,
    readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  ) {}

  async login(username: string, password: string, address: string): Promise<LoginResult> {
    const now = this.clock.now();
    const userKey = `user:${username.toLowerCase().slice(0, 120)}`;
    const keys = [userKey, `addr:${address}`];
    const since = now - this.limits.failureWindowMs;
    if ((await this.store.logins.maxFailuresSince(keys, since)) >= this.limits.maxFailures)
      return { ok: false, reason: 'rate_limited' };
    // Counted as a failure before the check, so parallel attempts cannot all slip under the limit:
    // of attempts in flight at once, only those within the limit get their password verified.
    const attempt = randomBytes(12).toString('hex');
    await this.store.logins.recordFailure(keys, now, attempt);
    if ((await this.store.logins.maxFailuresSince(keys, since)) > this.limits.maxFailures)
      return { ok: false, reason: 'rate_limited' };
    const user = await this.store.users.get(username);
    // Unknown or disabled users are verified against a dummy hash: same answer, similar time.
    const valid = await verifyUserPassword(user?.password_hash ?? (await dummyHash()), password);
    if (!user || user.disabled === 1 || !valid) return { ok: false, reason: 'failed' };
    await this.store.logins.clearFailures(userKey);
    await this.store.logins.deleteAttempt(attempt);
    const token = randomBytes(32).toString('base64url');
    const csrf_token = randomBytes(24).toString('base64url');
    const session = sha256(token);
    await this.store.logins.create({
      token_hash: session,
      username: user.username,
      csrf_token,
      created_at: now,
      last_seen_at: now,
    });
    return { ok: true, token, caller: { username: user.username, role: user.role, csrf_token, session } };
  }

  /**
   * The caller a session token stands for, or undefined when it is unknown, expired or disabled.
   * A person's request touches the session (idle expiry); a background re-check does not.
   */
  async authenticate(
    token: string | undefined,
    o: { touch: boolean } = { touch: true },
  ): Promise<Caller | undefined> {
    if (!token || token.length > 200) return undefined;
    const session = sha256(token);
    const row = await this.store.logins.find(session);
    if (!row) return undefined;
    const now = this.clock.now();
    if (
      row.disabled === 1 ||
      now - row.last_seen_at > this.limits.idleMs ||
      now - row.created_at > this.limits.absoluteMs
    ) {
      await this.store.logins.delete(session);
      return undefined;
    }
    if (o.touch && now - row.last_seen_at >= TOUCH_EVERY_MS) await this.store.logins.touch(session, now);
    return { username: row.username, role: row.role, csrf_token: row.csrf_token, session };
  }

  async logout(caller: Caller): Promise<void> {
    await this.store.logins.delete(caller.session);
  }

  /** Changes the caller's own password; every other session of theirs ends. */
  async changePassword(caller: Caller, current: string, next: string): Promise<boolean> {
    const user = await this.store.users.get(caller.username);
    if (!user || !(await verifyUserPassword(user.password_hash, current))) return false;
    await this.store.users.setPassword(caller.username, await hashUserPassword(next), this.clock.now());
    await this.store.logins.deleteForUserExcept(caller.username, caller.session);
    return true;
  }

  /** Drops expired sessions and failures that no longer count (housekeeping, not correctness). */
  async prune(): Promise<void> {
    const now = this.clock.now();
    await this.store.logins.prune(
      now - this.limits.idleMs,
      now - this.limits.absoluteMs,
      now - this.limits.failureWindowMs,
    );
  }
}
