import { currentTrend } from './heart.js';
import { clampTempo } from './iso.js';
import { SILENCE_FLOOR_DBA } from './params.js';
import { slewMs } from './ramp.js';
import {
  commandLight,
  commandTempo,
  commandVolume,
  EPS,
  fadeEndT,
  glideEndT,
  lightNow,
  programTime,
  type Step,
  tempoNow,
  volumeNow,
} from './session.js';
import type { Session, SessionState } from './types.js';

/** In settling the tempo follows a falling heart rate down over this long (no sudden changes). */
const ISO_FOLLOW_MS = 30_000;
/** ...and only for a change of at least this much. */
const ISO_FOLLOW_MIN_BPM = 1;
/** The end of the glide to 60 BPM: the tempo every session heads for (CLINICAL.md:17-18). */
export const GLIDE_TARGET_BPM = 60;

/**
 * The automatic dimming of the glide as a factor on the light setting: 1 through settling, down
 * to `lightDimFraction` at the end of the glide (linear along perceived brightness).
 */
export function dimFactor(state: SessionState, p: number): number {
  const { settleMs, glideMs, lightDimFraction } = state.params;
  const x = Math.min(1, Math.max(0, (p - settleMs) / glideMs));
  return 1 - (1 - lightDimFraction) * x;
}

/**
 * How long the final fade needs from here: the configured fade, or longer if the slew limits
 * need more to reach silence and darkness from the levels now (so the timer still ends on time).
 */
export function fadeLengthMs(state: SessionState, t: number): number {
  const p = state.params;
  const s = state.session;
  const volume = slewMs(volumeNow(s, t) - SILENCE_FLOOR_DBA, p.volumeFallDbPerS);
  return Math.max(p.fadeMs, volume, slewMs(lightNow(s, t), p.lightSlewPerS));
}

/**
 * Keeps the volume on its plan once the running ramp is done (or at once when `force`d by a
 * phase change): while paused, mute once silent; while fading, head for silence by the fade's end.
 * It never plans a rise: rises come only from the fade-ins and the louder button.
 */
export function steerVolume(state: SessionState, step: Step, force = false): Session {
  const t = step.t;
  let s = state.session;
  if (s.volumeEnvelopeEndT !== null && t >= s.volumeEnvelopeEndT) s = { ...s, volumeEnvelopeEndT: null };
  const cur = volumeNow(s, t);
  const rampDone = t >= s.volume.t1;
  if (state.phase === 'paused') {
    if (!s.muted && rampDone && cur <= SILENCE_FLOOR_DBA + EPS) {
      step.emit({ type: 'mute' });
      return { ...s, muted: true };
    }
    return s;
  }
  if (state.phase !== 'fading' || cur <= SILENCE_FLOOR_DBA + EPS) return s;
  if (!force && (!rampDone || s.volumeEnvelopeEndT !== null)) return s;
  if (!force && s.volume.to <= SILENCE_FLOOR_DBA + EPS) return s;
  const duration = Math.max(
    fadeEndT(state, state.fade) - t,
    slewMs(cur - SILENCE_FLOOR_DBA, state.params.volumeFallDbPerS),
  );
  return commandVolume({ ...state, session: s }, SILENCE_FLOOR_DBA, duration, step);
}

/**
 * Keeps the light on its plan: dimming along the glide while descending, to darkness by the end
 * of the fade while fading, held while paused. Never an automatic rise.
 */
export function steerLight(state: SessionState, step: Step, force = false): Session {
  const t = step.t;
  let s = state.session;
  if (s.lightEnvelopeEndT !== null && t >= s.lightEnvelopeEndT) s = { ...s, lightEnvelopeEndT: null };
  if (state.phase === 'paused' || state.phase === 'settling') return s;
  if (!force && (t < s.light.t1 || s.lightEnvelopeEndT !== null)) return s;
  const cur = lightNow(s, t);
  let target: number;
  let endT: number;
  if (state.phase === 'fading') {
    target = 0;
    endT = fadeEndT(state, state.fade);
  } else {
    target = Math.min(cur, s.setLight * state.params.lightDimFraction);
    endT = glideEndT(state);
  }
  if (Math.abs(target - cur) <= EPS) {
    // Nothing to do, but a forced plan stops a ramp that is still moving.
    if (force && t < s.light.t1) return commandLight({ ...state, session: s }, cur, 0, step);
    return s;
  }
  const duration = Math.max(endT - t, slewMs(target - cur, state.params.lightSlewPerS));
  return commandLight({ ...state, session: s }, target, duration, step);
}

/** Descending or fading: glide the tempo to 60 BPM by the end of the glide. */
export function planGlide(state: SessionState, step: Step): Session {
  const s = state.session;
  const cur = tempoNow(s, step.t);
  if (cur <= GLIDE_TARGET_BPM + EPS) return s;
  return commandTempo(s, GLIDE_TARGET_BPM, Math.max(ISO_FOLLOW_MS, glideEndT(state) - step.t), step);
}

/** Settling: the iso tempo follows a falling heart rate down, never up (CLINICAL.md:17-18). */
export function followIso(state: SessionState, step: Step): Session {
  const s = state.session;
  const trend = currentTrend(state.heart, step.t);
  if (trend === null || programTime(state, step.t) >= state.params.settleMs) return s;
  const target = clampTempo(Math.round(trend));
  if (target > s.tempo.to - ISO_FOLLOW_MIN_BPM) return s;
  return commandTempo(s, target, ISO_FOLLOW_MS, step);
}
