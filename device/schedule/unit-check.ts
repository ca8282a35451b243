import { findProtocol, paramsHash } from '../../shared/schemas/protocol.js';
import type { Schedule } from '../../shared/schemas/schedule.js';
import { entryProgram, scheduleProtocols } from './entry-program.js';

export interface UnitScheduleLimits {
  /** The unit's volume cap, dB(A) at the pillow (CLINICAL.md "Sound level"). */
  volumeCapDba: number;
  /** The music presets this unit has. */
  presets: readonly string[];
  /** The protocols this unit has built in, as `name@version` (a schedule may carry more). */
  protocols: readonly string[];
}

/** What only the unit can judge in a schedule: its own cap, presets and protocols. */
export function unitScheduleProblems(schedule: Schedule, limits: UnitScheduleLimits): string[] {
  const problems: string[] = [];
  (schedule.protocols ?? []).forEach((p, i) => {
    if (p.hash !== paramsHash(p.params))
      problems.push(`protocols.${i}.hash: does not match the parameters of ${p.name}@${p.version}`);
    const builtIn = findProtocol(p);
    if (builtIn && paramsHash(builtIn.params) !== p.hash)
      problems.push(`protocols.${i}: ${p.name}@${p.version} differs from this unit's built-in one`);
  });
  const known = scheduleProtocols(schedule);
  const runnable = new Set([...limits.protocols, ...known.map((p) => `${p.name}@${p.version}`)]);
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
    if (!runnable.has(protocol))
      problems.push(`${at}.protocol: this unit does not know ${protocol} and the schedule does not carry it`);
    else if (!entryProgram(e, known))
      problems.push(`${at}.duration_min: ${e.duration_min} min does not fit the phases of ${protocol}`);
  });
  return problems;
}
