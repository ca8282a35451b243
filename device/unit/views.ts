import { round } from '../../shared/round.js';
import type { Fault } from '../../shared/schemas/common.js';
import type { Info } from '../../shared/schemas/info.js';
import type { State } from '../../shared/schemas/state.js';
import type { UnitPorts } from '../ports/unit-ports.js';
import type { ProgramRunner } from '../program/runner.js';
import type { Body } from '../telemetry/index.js';
import type { UnitAudio } from './unit-audio.js';

/** What the retained `state` topic says about the unit now (DESIGN.md "MQTT"). */
export function stateView(o: {
  runner: ProgramRunner | undefined;
  bpm: number | null;
  /** The share of irregular windows lately (an observation, never a diagnosis). */
  rhythmIrregularity: number | null;
  lightLevel: number;
  nextSessionAt: number | null;
  scheduleHold?: State['schedule_hold'];
  faults: Fault[];
}): Body<State> {
  const levels = o.runner?.levels();
  const inSession = o.runner?.inSession ?? false;
  return {
    phase: inSession && levels ? levels.phase : 'idle',
    bpm: o.bpm,
    rhythm_irregularity: o.rhythmIrregularity,
    volume_db: levels?.volumeDba == null ? null : round(levels.volumeDba, 1),
    light: round(o.lightLevel, 3),
    session_id: o.runner?.sessionId ?? null,
    next_session_at: o.nextSessionAt,
    ...(o.scheduleHold ? { schedule_hold: o.scheduleHold } : {}),
    faults: o.faults,
  };
}

/** What the retained `info` topic says: firmware, each port's adapter and health, calibration. */
export function infoView(o: {
  firmware: string;
  simulated: boolean;
  ports: UnitPorts;
  audio: UnitAudio | undefined;
  calibration: Info['calibration'];
}): Body<Info> {
  const { pulse, light, remote } = o.ports;
  return {
    firmware: o.firmware,
    simulated: o.simulated,
    ports: {
      audio: o.audio?.player.status() ?? {
        adapter: 'none',
        ok: true,
        detail: { reason: 'no audio configured' },
      },
      light: light.status(),
      pulse: pulse.status(),
      remote: remote.status(),
    },
    calibration: o.calibration,
  };
}
