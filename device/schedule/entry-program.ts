import { type ProgramConfig, programConfigSchema } from '../../shared/schemas/program-params.js';
import {
  BUILT_IN_PROTOCOLS,
  findProtocol,
  type Protocol,
  paramsHash,
} from '../../shared/schemas/protocol.js';
import type { Schedule, ScheduleEntry } from '../../shared/schemas/schedule.js';

/**
 * The protocols a schedule can run on this unit: the built-in ones, and those it carries whose
 * hash matches their parameters (a carried one never replaces a built-in one).
 */
export function scheduleProtocols(schedule: Pick<Schedule, 'protocols'>): Protocol[] {
  const carried = (schedule.protocols ?? []).flatMap(({ hash, ...p }) =>
    hash === paramsHash(p.params) && !findProtocol(p) ? [p] : [],
  );
  return [...BUILT_IN_PROTOCOLS, ...carried];
}

/**
 * What a scheduled entry runs: its protocol's parameters with the entry's own length, start
 * volume and light (off: the light stays dark). The report's protocol hash covers exactly these.
 */
export function entryProgram(
  entry: ScheduleEntry,
  known: readonly Protocol[] = BUILT_IN_PROTOCOLS,
): ProgramConfig | undefined {
  const protocol = findProtocol(entry.protocol, known);
  if (!protocol) return undefined;
  const parsed = programConfigSchema.safeParse({
    ...protocol.params,
    session_minutes: entry.duration_min,
    max_session_minutes: Math.max(protocol.params.max_session_minutes, entry.duration_min),
    ...(entry.start_volume_dba === undefined ? {} : { start_volume_dba: entry.start_volume_dba }),
    ...(entry.light ? {} : { start_light: 0 }),
  });
  return parsed.success ? parsed.data : undefined;
}
