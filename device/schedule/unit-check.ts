import type { Schedule } from '../../shared/schemas/schedule.js';
import { entryProgram } from './entry-program.js';

export interface UnitScheduleLimits {
  /** The unit's volume cap, dB(A) at the pillow (CLINICAL.md "Sound level"). */
  volumeCapDba: number;
  /** The music presets this unit has. */
  presets: readonly string[];
  /** The protocols this unit can run, as `name@version`. */
  protocols: readonly string[];
}

/** What only the unit can judge in a schedule: its own cap, presets and protocols. */
export function unitScheduleProblems(schedule: Schedule, limits: UnitScheduleLimits): string[] {
  const problems: string[] = [];
  schedule.entries.forEach((e, i) => {
    const at = `entries.${i}`;
    if (e.start_volume_dba !== undefined && e.start_volume_dba > limits.volumeCapDba)
      problems.push(
        `${at}.start_volume_dba: ${e.start_volume_dba} dB(A) is above this unit's cap (${limits.volumeCapDba})`,
      );
    // Paths on the unit named from the network need a policy first (which folders may be read).
    if (e.playlist !== undefined)
      problems.push(`${at}.playlist: this unit plays only the playlist of its own config; give a preset`);
    if (e.preset !== undefined && !limits.presets.includes(e.preset))
      problems.push(`${at}.preset: this unit has no preset "${e.preset}" (${limits.presets.join(', ')})`);
    const protocol = `${e.protocol.name}@${e.protocol.version}`;
    if (!limits.protocols.includes(protocol))
      problems.push(`${at}.protocol: this unit does not know ${protocol}`);
    else if (!entryProgram(e))
      problems.push(`${at}.duration_min: ${e.duration_min} min does not fit the phases of ${protocol}`);
  });
  return problems;
}
