import { dimFactor } from './channels.js';
import { SILENCE_FLOOR_DBA } from './params.js';
import { withdrawCalm } from './phases.js';
import { clamp, type Ramp, slewMs } from './ramp.js';
import { commandLight, commandVolume, EPS, lightNow, programTime, type Step, volumeNow } from './session.js';
import type { ActiveState, ProgramState, SessionState } from './types.js';

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
  if (state.phase === 'paused') {
    if (dir > 0) return [state, 'snoozed: louder acts after the snooze'];
    const resumeDba = Math.max(SILENCE_FLOOR_DBA, state.pause.resumeDba - p.volumeStepDb);
    const setDba = Math.min(state.session.setDba, resumeDba);
    return [{ ...state, pause: { ...state.pause, resumeDba }, session: { ...state.session, setDba } }];
  }
  const st = withdrawIfCalm(state, dir, 'louder button', step);
  const s = st.session;
  const plan = planStep(
    { now: volumeNow(s, step.t), ramp: s.volume, fadeInEndT: s.volumeEnvelopeEndT },
    { min: SILENCE_FLOOR_DBA, max: p.volumeCapDba, step: p.volumeStepDb },
    (rising) => (rising ? p.volumeRiseDbPerS : p.volumeFallDbPerS),
    dir,
    step.t,
  );
  if (!plan) return [st, dir > 0 ? 'volume at the cap' : 'volume at its lowest'];
  let session = commandVolume(st, plan.target, plan.durationMs, step);
  if (plan.inFadeIn) session = { ...session, volumeEnvelopeEndT: session.volume.t1 };
  if (st.phase !== 'fading') session = { ...session, setDba: plan.target };
  return [{ ...st, session }];
}

/**
 * Brighter / dimmer, within the light cap. In settling and descending the step moves the light
 * setting so the automatic dimming carries on from the new level. Brighter in a calm fade
 * withdraws the calm point.
 */
export function adjustLight(state: SessionState, dir: 1 | -1, step: Step): Outcome {
  const p = state.params;
  const st = withdrawIfCalm(state, dir, 'brighter button', step);
  const s = st.session;
  const plan = planStep(
    { now: lightNow(s, step.t), ramp: s.light, fadeInEndT: s.lightEnvelopeEndT },
    { min: 0, max: p.lightCap, step: p.lightStep },
    () => p.lightSlewPerS,
    dir,
    step.t,
  );
  if (!plan) return [st, dir > 0 ? 'light at its cap' : 'light already off'];
  let session = commandLight(st, plan.target, plan.durationMs, step);
  if (plan.inFadeIn) session = { ...session, lightEnvelopeEndT: session.light.t1 };
  if (st.phase === 'settling' || st.phase === 'descending') {
    session = { ...session, setLight: plan.target / dimFactor(st, programTime(st, step.t)) };
  }
  return [{ ...st, session }];
}

/** More sound or light in a calm fade: the patient is not calm. */
function withdrawIfCalm<S extends SessionState>(
  state: S,
  dir: 1 | -1,
  by: string,
  step: Step,
): S | ActiveState {
  if (state.phase === 'fading' && state.fade.cause === 'calm' && dir > 0)
    return withdrawCalm(state, by, step);
  return state;
}

/**
 * One button step of a level: from the level now, or from the fade-in's target while a fade-in
 * runs (the step then moves where it ends, not when). Undefined at the limit.
 */
function planStep(
  level: { now: number; ramp: Ramp; fadeInEndT: number | null },
  range: { min: number; max: number; step: number },
  slewPerS: (rising: boolean) => number,
  dir: 1 | -1,
  t: number,
): { target: number; durationMs: number; inFadeIn: boolean } | undefined {
  const fadeInEndT = level.fadeInEndT !== null && t < level.fadeInEndT ? level.fadeInEndT : null;
  const from = fadeInEndT === null ? level.now : level.ramp.to;
  const target = clamp(from + dir * range.step, range.min, range.max);
  if (Math.abs(target - from) <= EPS) return undefined;
  const slew = slewMs(target - level.now, slewPerS(target > level.now));
  const durationMs = Math.max(fadeInEndT === null ? MIN_STEP_MS : fadeInEndT - t, slew);
  return { target, durationMs, inFadeIn: fadeInEndT !== null };
}
