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
