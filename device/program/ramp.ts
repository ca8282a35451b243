/**
 * A linear ramp between two levels in wall time: what the program commands and what the music
 * engine and the light execute (linear in dB for volume, in perceived brightness for light).
 */
export interface Ramp {
  from: number;
  to: number;
  t0: number;
  t1: number;
}

export function hold(level: number, t: number): Ramp {
  return { from: level, to: level, t0: t, t1: t };
}

export function rampTo(from: number, to: number, t: number, durationMs: number): Ramp {
  return { from, to, t0: t, t1: t + Math.max(0, durationMs) };
}

export function levelAt(ramp: Ramp, t: number): number {
  if (t >= ramp.t1) return ramp.to;
  if (t <= ramp.t0) return ramp.from;
  return ramp.from + ((ramp.to - ramp.from) * (t - ramp.t0)) / (ramp.t1 - ramp.t0);
}

/** The shortest time a change of `delta` may take at `perSecond` (a slew limit). */
export function slewMs(delta: number, perSecond: number): number {
  return (Math.abs(delta) / perSecond) * 1000;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
