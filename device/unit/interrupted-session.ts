import type { Logger } from '../../shared/log.js';
import type { ProgramParams } from '../program/params.js';
import { interruptedReport } from '../program/report.js';
import type { UnitTelemetry } from '../telemetry/index.js';
import type { StateDir } from '../telemetry/state-dir.js';

/**
 * A session the state dir still holds was cut off by a restart (power cut, crash, SIGKILL). The
 * unit does not resume its sound: it closes that session as a fault and publishes its report,
 * ending where the unit last wrote anything (DESIGN.md `nocturne device`).
 */
export async function closeInterruptedSession(o: {
  stateDir: StateDir;
  telemetry: UnitTelemetry;
  program: ProgramParams;
  log: Logger;
}): Promise<void> {
  const leftover = o.stateDir.activeSession();
  if (!leftover) return;
  const endedAt = Math.max(leftover.started_at, o.stateDir.lastTs);
  o.log.warn({ session_id: leftover.session_id }, 'closing a session interrupted by a restart');
  await o.telemetry.publishSessionEvent({
    type: 'stopped',
    session_id: leftover.session_id,
    end_reason: 'fault',
    duration_s: (endedAt - leftover.started_at) / 1000,
  });
  const report = interruptedReport(leftover, o.stateDir.lastTs, o.program);
  await o.telemetry.publishSessionReport({ ...report, seed: null, peak_dbfs: null });
  o.stateDir.setActiveSession(undefined);
}
