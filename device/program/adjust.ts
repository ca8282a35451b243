import { dimFactor } from './channels.js';
import { SILENCE_FLOOR_DBA } from './params.js';
import { withdrawCalm } from './phases.js';
import { clamp, slewMs } from './ramp.js';
import { commandLight, commandVolume, EPS, lightNow, programTime, type Step, volumeNow } from './session.js';
import type { ProgramState, SessionState } from './types.js';

/** A button step takes at least this long: prompt, but never a click or a flash. */
const MIN_STEP_MS = 300;

type Outcome = [ProgramState, string?];

/**
 * Louder / quieter. Louder is the only thing that raises the volume after the fade-in, by one step
 * and never above the cap. During a fade-in the step moves the fade-in's target. Louder in a calm
 * fade withdraws the calm point; while snoozed, quieter lowers the level the resume returns to.
 */
export function adjustVolume(state: SessionState, dir: 1 | -1, step: Step): Outcome {
  const p = state.params;
  const t = step.t;
  if (state.phase === 'paused') {
    if (dir > 0) return [state, 'snoozed: louder acts after the snooze'];
    const resumeDba = Math.max(SILENCE_FLOOR_DBA, state.pause.resumeDba - p.volumeStepDb);
    const setDba = Math.min(state.session.setDba, resumeDba);
    return [{ ...state, pause: { ...state.pause, resumeDba }, session: { ...state.session, setDba } }];
  }
  const st =
    state.phase === 'fading' && state.fade.cause === 'calm' && dir > 0
      ? withdrawCalm(state, 'louder button', step)
      : state;
  const s = st.session;
  const cur = volumeNow(s, t);
  const envelope = s.volumeEnvelopeEndT !== null && t < s.volumeEnvelopeEndT ? s.volumeEnvelopeEndT : null;
  const from = envelope === null ? cur : s.volume.to;
  const target = clamp(from + dir * p.volumeStepDb, SILENCE_FLOOR_DBA, p.volumeCapDba);
  if (Math.abs(target - from) <= EPS) return [st, dir > 0 ? 'volume at the cap' : 'volume at its lowest'];
  const slew = slewMs(target - cur, target > cur ? p.volumeRiseDbPerS : p.volumeFallDbPerS);
  const duration = Math.max(envelope === null ? MIN_STEP_MS : envelope - t, slew);
  let session = commandVolume(st, target, duration, step);
  if (envelope !== null) session = { ...session, volumeEnvelopeEndT: session.volume.t1 };
  if (st.phase !== 'fading') session = { ...session, setDba: target };
  return [{ ...st, session }];
}

/**
 * Brighter / dimmer, within the light cap. In settling and descending the step moves the light
 * setting so the automatic dimming carries on from the new level. Brighter in a calm fade
 * withdraws the calm point.
 */
export function adjustLight(state: SessionState, dir: 1 | -1, step: Step): Outcome {
  const p = state.params;
  const t = step.t;
  const st =
    state.phase === 'fading' && state.fade.cause === 'calm' && dir > 0
      ? withdrawCalm(state, 'brighter button', step)
      : state;
  const s = st.session;
  const cur = lightNow(s, t);
  const envelope = s.lightEnvelopeEndT !== null && t < s.lightEnvelopeEndT ? s.lightEnvelopeEndT : null;
  const from = envelope === null ? cur : s.light.to;
  const target = clamp(from + dir * p.lightStep, 0, p.lightCap);
  if (Math.abs(target - from) <= EPS) return [st, dir > 0 ? 'light at its cap' : 'light already off'];
  const duration = Math.max(
    envelope === null ? MIN_STEP_MS : envelope - t,
    slewMs(target - cur, p.lightSlewPerS),
  );
  let session = commandLight(st, target, duration, step);
  if (envelope !== null) session = { ...session, lightEnvelopeEndT: session.light.t1 };
  if (st.phase === 'settling' || st.phase === 'descending') {
    session = { ...session, setLight: target / dimFactor(st, programTime(st, t)) };
  }
  return [{ ...st, session }];
}
