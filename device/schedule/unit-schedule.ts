import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { ProgramConfig, SessionCalibration } from '../../shared/schemas/program-params.js';
import { BUILT_IN_PROTOCOLS, ISO_45, type ProtocolStamp, paramsHash } from '../../shared/schemas/protocol.js';
import { type PresetName, presets } from '../music/generative/presets.js';
import { programParams } from '../program/params.js';
import type { UnitTelemetry } from '../telemetry/index.js';
import type { StateDir } from '../telemetry/state-dir.js';
import type { Unit } from '../unit/unit.js';
import { entryProgram, scheduleProtocols } from './entry-program.js';
import { ScheduleRunner } from './runner.js';
import { ScheduleStore } from './store.js';
import { unitScheduleProblems } from './unit-check.js';

/**
 * The protocol stamp of a session run with `config`: iso-45 when the config is exactly it, else
 * the unit's own config. The hash is always that of the parameters that ran.
 */
export function configProtocol(config: ProgramConfig): ProtocolStamp {
  const hash = paramsHash(config);
  return hash === paramsHash(ISO_45.params)
    ? { name: ISO_45.name, version: ISO_45.version, hash }
    : { name: 'unit-config', version: 1, hash };
}

/** The schedule runner of a unit: its starts go to the unit, its misses to the outbox. */
export function unitSchedule(o: {
  clock: Clock;
  log: Logger;
  stateDir: StateDir;
  telemetry: UnitTelemetry;
  unit: () => Unit;
  calibration: SessionCalibration;
  clockSynced?: () => boolean;
}): ScheduleRunner {
  return new ScheduleRunner({
    clock: o.clock,
    log: o.log,
    store: new ScheduleStore(o.stateDir.db),
    clockSynced: o.clockSynced,
    inSession: () => o.unit().inSession,
    start: (occurrence, schedule) => {
      const unit = o.unit();
      const config = entryProgram(occurrence.entry, scheduleProtocols(schedule));
      if (unit.inSession || !config) return false;
      const protocol = { ...occurrence.entry.protocol, hash: paramsHash(config) };
      unit
        .startSession('schedule', {
          protocol,
          program: programParams(config, o.calibration),
          preset: occurrence.entry.preset as PresetName | undefined,
        })
        .catch((err: unknown) => o.log.error({ err }, 'scheduled start failed'));
      return unit.inSession;
    },
    record: (event) => {
      o.telemetry
        .publishSessionEvent(event)
        .catch((err: unknown) => o.log.error({ err }, 'recording a scheduled start failed'));
    },
    check: (schedule) =>
      unitScheduleProblems(schedule, {
        volumeCapDba: o.calibration.volume_cap_dba,
        presets: Object.keys(presets),
        protocols: BUILT_IN_PROTOCOLS.map((p) => `${p.name}@${p.version}`),
      }),
  });
}
