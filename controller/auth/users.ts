import type { Role } from '../../shared/api-people.js';
import type { Clock } from '../../shared/clock.js';
import type { ControllerStore } from '../store/repos.js';
import { generatePassword, hashUserPassword } from './passwords.js';

/** Creates an account with a generated password; undefined when the username is taken. */
export async function createUser(
  store: ControllerStore,
  clock: Clock,
  username: string,
  role: Role,
): Promise<{ username: string; role: Role; password: string } | undefined> {
  const password = generatePassword();
  const created = await store.users.create(username, role, await hashUserPassword(password), clock.now());
  return created ? { username, role, password } : undefined;
}

/** Sets a generated password and ends every session of the account; undefined for no such user. */
export async function resetPassword(
  store: ControllerStore,
  clock: Clock,
  username: string,
): Promise<{ username: string; role: Role; password: string } | undefined> {
  const user = await store.users.get(username);
  if (!user) return undefined;
  const password = generatePassword();
  await store.users.setPassword(username, await hashUserPassword(password), clock.now());
  await store.logins.deleteForUser(username);
  return { username, role: user.role, password };
}
