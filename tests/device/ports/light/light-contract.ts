import { expect, it } from 'vitest';
import { luminanceToLightness } from '../../../../device/ports/light/cie.js';
import type { LightPort } from '../../../../device/ports/light/index.js';
import type { VirtualClock } from '../../../../shared/clock.js';
import { settle } from '../../../fakes/settle.js';

/** What a contract run needs: the light, its clock, and the duty the hardware shows now (0..1). */
export interface LightUnderTest {
  light: LightPort;
  clock: VirtualClock;
  duty(): number;
  cap: number;
}

/** The largest step in L* a fade may take between two writes: well under one just-noticeable step. */
export const MAX_FADE_STEP_L = 0.5;

/**
 * The light contract: every adapter (the simulated twin here, the real ones on a Pi with `make`
 * building them over real hardware) fades along L*, never passes its cap and ends dark.
 */
export function runLightContract(name: string, make: (cap: number) => Promise<LightUnderTest>): void {
  const run = async (cap: number, body: (t: LightUnderTest) => Promise<void>) => {
    const t = await make(cap);
    await settle(t.clock, t.light.start());
    try {
      await body(t);
    } finally {
      await t.light.stop();
    }
  };

  it(`${name}: fades linearly in L* on the clock`, () =>
    run(1, async ({ light, clock }) => {
      light.setLevel(0.8, 10_000);
      await clock.advanceAsync(2_500);
      expect(light.level()).toBeCloseTo(0.2, 6);
      await clock.advanceAsync(7_500);
      expect(light.level()).toBeCloseTo(0.8, 6);
    }));

  it(`${name}: the duty follows the CIE curve`, () =>
    run(1, async ({ light, clock, duty }) => {
      for (const level of [0.05, 0.08, 0.3, 0.6, 1]) {
        light.setLevel(level, 0);
        await clock.advanceAsync(20);
        expect(luminanceToLightness(duty()) / 100).toBeCloseTo(level, 2);
      }
    }));

  it(`${name}: never exceeds the cap, whatever it is asked`, () =>
    run(0.3, async ({ light, clock, duty, cap }) => {
      const capY = ((cap * 100 + 16) / 116) ** 3;
      light.setLevel(1, 5_000);
      let maxDuty = 0;
      for (let i = 0; i < 60; i++) {
        await clock.advanceAsync(100);
        maxDuty = Math.max(maxDuty, duty());
        expect(light.level()).toBeLessThanOrEqual(cap + 1e-9);
      }
      expect(maxDuty).toBeLessThanOrEqual(capY + 1e-6);
      expect(maxDuty).toBeGreaterThan(capY * 0.99);
    }));

  it(`${name}: a fade from full to off has no step above ${MAX_FADE_STEP_L} L*`, () =>
    run(1, async ({ light, clock, duty }) => {
      light.setLevel(1, 0);
      await clock.advanceAsync(20);
      light.setLevel(0, 30_000);
      let last = luminanceToLightness(duty());
      let maxStep = 0;
      for (let t = 0; t <= 31_000; t += 10) {
        await clock.advanceAsync(10);
        const now = luminanceToLightness(duty());
        maxStep = Math.max(maxStep, Math.abs(now - last));
        expect(now).toBeLessThanOrEqual(last + 1e-9);
        last = now;
      }
      expect(duty()).toBe(0);
      expect(maxStep).toBeLessThanOrEqual(MAX_FADE_STEP_L);
    }));

  it(`${name}: off() is dark at once and stop() leaves no timer`, () =>
    run(1, async ({ light, clock, duty }) => {
      light.setLevel(0.7, 60_000);
      await clock.advanceAsync(30_000);
      light.off();
      await clock.advanceAsync(5);
      expect(duty()).toBe(0);
      expect(light.level()).toBe(0);
      light.setLevel(0.5, 60_000);
      await light.stop();
      expect(clock.pendingTimers).toBe(0);
    }));

  it(`${name}: reports a flicker-safe PWM frequency and ≥ 12-bit resolution`, () =>
    run(1, async ({ light }) => {
      const detail = light.status().detail ?? {};
      expect(detail.frequency_hz).toBeGreaterThanOrEqual(1250);
      expect(detail.resolution_bits).toBeGreaterThanOrEqual(12);
    }));
}
