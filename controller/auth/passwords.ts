import { randomBytes } from 'node:crypto';
import { hash, type Options, verify } from '@node-rs/argon2';

/** argon2id (the library's default algorithm) at OWASP's minimum: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_OPTIONS: Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashUserPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password or a malformed hash; never throws on bad input. */
export async function verifyUserPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * A hash of a random password with the same parameters: an unknown username is verified against
 * it, so it costs the same time as a wrong password.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashUserPassword(randomBytes(16).toString('hex'));
  return dummy;
}

/** A generated password for a new account or a reset: 120 random bits, shown once. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
