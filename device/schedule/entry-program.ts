import { type ProgramConfig, programConfigSchema } from '../../shared/schemas/program-params.js';
import { findProtocol } from '../../shared/schemas/protocol.js';
import type { ScheduleEntry } from '../../shared/schemas/schedule.js';

/**
 * What a scheduled entry runs: its protocol's parameters with the entry's own length, start
 * volume and light (off: the light stays dark). The report's protocol hash covers exactly these.
 */
export function entryProgram(entry: ScheduleEntry): ProgramConfig | undefined {
  const protocol = findProtocol(entry.protocol);
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
