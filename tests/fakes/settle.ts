import type { VirtualClock } from '../../shared/clock.js';

/** Runs a promise that waits on a VirtualClock (a driver's settle delay), moving time until it settles. */
export async function settle<T>(
  clock: VirtualClock,
  promise: Promise<T>,
  stepMs = 1,
  maxSteps = 10_000,
): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined);
  for (let i = 0; !done && i < maxSteps; i++) await clock.advanceAsync(stepMs);
  return tracked;
}
