import type { SessionEvent } from '../../shared/schemas/session-event.js';
import type { SessionEventOut } from '../program/runner.js';
import type { Body } from '../telemetry/index.js';

/** The `session/event` a program event becomes on MQTT; notes stay in the log and the report. */
export function sessionEventBody(
  sessionId: string,
  event: SessionEventOut['event'],
): Body<SessionEvent> | undefined {
  switch (event.kind) {
    case 'started':
      return { type: 'started', session_id: sessionId, trigger: event.trigger, planned_s: event.planned_s };
    case 'phase':
      return { type: 'phase', session_id: sessionId, phase: event.phase, reason: event.reason };
    case 'ended':
      return {
        type: 'stopped',
        session_id: sessionId,
        end_reason: event.end_reason,
        duration_s: event.duration_s,
      };
    case 'note':
      return undefined;
  }
}
