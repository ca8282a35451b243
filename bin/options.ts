import { accessSync, constants, type Stats, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { unitIdSchema } from '../shared/schemas/common.js';

/** Argument parsers for commander: bad values become usage errors (exit 2) with one clear line. */

export function numberIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

export function integerIn(min: number, max: number): (value: string) => number {
  const parse = numberIn(min, max);
  return (value) => {
    const n = parse(value);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
    return n;
  };
}

export const port = integerIn(0, 65535);

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number > 0, got "${value}"`);
  return n;
}

export function unitId(value: string): string {
  const parsed = unitIdSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]?.message ?? 'invalid unit id');
  return parsed.data;
}

export function brokerUrl(value: string): string {
  if (!/^mqtts?:\/\/[^/]+/.test(value))
    throw new InvalidArgumentError(`expected mqtt://host:port, got "${value}"`);
  return value;
}

/** A file the command will read: it must exist and not be a folder (checked before any work starts). */
export function readableFile(value: string): string {
  const stat = statOrUndefined(value);
  if (!stat) throw new InvalidArgumentError('no such file');
  if (stat.isDirectory()) throw new InvalidArgumentError('a folder, not a file');
  try {
    accessSync(value, constants.R_OK);
  } catch {
    throw new InvalidArgumentError('cannot read it: permission denied');
  }
  return value;
}

/** A file the command will write: its folder must exist and be writable, and it must not be a folder. */
export function writableFile(value: string): string {
  if (statOrUndefined(value)?.isDirectory()) throw new InvalidArgumentError('a folder, not a file');
  const folder = dirname(resolve(value));
  const stat = statOrUndefined(folder);
  if (!stat) throw new InvalidArgumentError(`folder ${folder} does not exist`);
  if (!stat.isDirectory()) throw new InvalidArgumentError(`${folder} is not a folder`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new InvalidArgumentError(`cannot write in folder ${folder}`);
  }
  return value;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** An integrator account's name (its MQTT username is `NAME@integrator`). */
export function integratorName(value: string): string {
  if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(value))
    throw new InvalidArgumentError(`integrator name "${value}": 1–32 of a-z, 0-9, - and _`);
  return value;
}
