import rrule from 'rrule';

const { RRule } = rrule;
type Options = ReturnType<typeof RRule.parseString>;

/** Frequencies a bedtime schedule may use: one session a day at most. */
const ALLOWED_FREQ = new Set<number>([RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY]);
/** The start time comes from the entry's `time` and the anchor from the schedule's `starts_on`. */
const FORBIDDEN = ['DTSTART', 'BYHOUR', 'BYMINUTE', 'BYSECOND', 'TZID'];

function parse(text: string): Options {
  const body = text.trim().replace(/^RRULE:/i, '');
  return RRule.parseString(body);
}

/** Why an RRULE cannot be a schedule entry's rule, or undefined when it can. */
export function rruleProblem(text: string): string | undefined {
  const upper = text.toUpperCase();
  const forbidden = FORBIDDEN.find((key) => new RegExp(`(^|[;:])${key}[=;:]`).test(upper));
  if (forbidden) return `${forbidden} is not allowed in an entry's rrule`;
  let options: Options;
  try {
    options = parse(text);
  } catch (err) {
    return `not an RRULE: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (options.freq === undefined || !ALLOWED_FREQ.has(options.freq))
    return 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY';
  return undefined;
}

/** Floating time: a local date read as if it were UTC, the way the rrule package expects it. */
function floating(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** The local dates (YYYY-MM-DD) from `first` to `last`, both included, an RRULE anchored at `anchor` falls on. */
export function ruleDates(text: string, anchor: string, first: string, last: string): string[] {
  if (last < anchor) return [];
  const rule = new RRule({ ...parse(text), dtstart: floating(anchor) });
  return rule.between(floating(first), floating(last), true).map((d) => d.toISOString().slice(0, 10));
}
