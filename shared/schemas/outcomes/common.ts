import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * Building blocks of the outcome questionnaires and the sleep diary (CLINICAL.md "Outcome
 * measures"). Answers are nullable: a missing answer stays missing and is never scored as 0.
 */

/** A wall-clock time "HH:MM", 00:00–23:59, as a patient writes it on a questionnaire. */
export const clockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM from 00:00 to 23:59')
  .describe('Wall-clock time HH:MM (24 h)');

/** A calendar day in the patient's own time zone, "YYYY-MM-DD". */
export const localDateSchema = z.iso
  .date({ error: 'expected a calendar date YYYY-MM-DD' })
  .describe("Calendar day YYYY-MM-DD in the patient's time zone");

/** An IANA time zone name such as "Europe/Berlin". */
export const timeZoneSchema = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone such as Europe/Berlin')
  .describe('IANA time zone');

/** One item answered on a 0…max scale (whole numbers); null or absent when not answered. */
export function itemSchema(max: number) {
  const message = `expected a whole number from 0 to ${max}`;
  return z.int({ error: message }).min(0, message).max(max, message).nullish();
}

/** An item that must be answered (0…max, whole numbers). */
export function requiredItemSchema(max: number) {
  const message = `expected a whole number from 0 to ${max}`;
  return z
    .int({ error: (issue) => (issue.input == null ? 'required: this item must be answered' : message) })
    .min(0, message)
    .max(max, message);
}

/** A duration in minutes (latency, wake time): 0…max, decimals allowed. */
export function minutesSchema(max: number) {
  const message = `expected minutes from 0 to ${max}`;
  return z.number({ error: message }).min(0, message).max(max, message);
}

/** A duration in hours: 0…max, decimals allowed. */
export function hoursSchema(max: number) {
  const message = `expected hours from 0 to ${max}`;
  return z.number({ error: message }).min(0, message).max(max, message);
}

/** Minutes from `from` to the next `to` on the wall clock (across midnight); 0 when equal. */
export function wallClockMinutes(from: string, to: string): number {
  return (toMinutes(to) - toMinutes(from) + 24 * 60) % (24 * 60);
}

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
