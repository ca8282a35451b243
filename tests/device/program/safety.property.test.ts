import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RemoteButton } from '../../../device/ports/remote/index.js';
import { initialState, transition } from '../../../device/program/machine.js';
import { configForSessionLength, programParams } from '../../../device/program/params.js';
import type { ProgramInput, ProgramState } from '../../../device/program/types.js';
import { defaultProgramConfig } from '../../../shared/schemas/program-params.js';
import { SafetyRules } from './safety-rules.js';

const T0 = Date.UTC(2026, 0, 1, 21, 0, 0);
const BUTTONS: RemoteButton[] = ['start_stop', 'snooze', 'louder', 'quieter', 'brighter', 'dimmer'];

/** Unit settings within the config ranges, and a session of 2–25 min (short ones are scaled). */
const setupArb = fc.record({
  minutes: fc.double({ min: 2, max: 25, noNaN: true }),
  calibrated: fc.boolean(),
  cap: fc.double({ min: 40, max: 60, noNaN: true }),
  lightCap: fc.double({ min: 0.05, max: 1, noNaN: true }),
  startVolume: fc.double({ min: 30, max: 60, noNaN: true }),
  startLight: fc.double({ min: 0, max: 1, noNaN: true }),
  fadeIn: fc.double({ min: 10, max: 60, noNaN: true }),
  rise: fc.double({ min: 0.5, max: 6, noNaN: true }),
  fall: fc.double({ min: 1, max: 40, noNaN: true }),
  lightSlew: fc.double({ min: 0.005, max: 0.5, noNaN: true }),
  volumeStep: fc.double({ min: 0.5, max: 6, noNaN: true }),
  lightStep: fc.double({ min: 0.01, max: 0.2, noNaN: true }),
  tickMs: fc.constantFrom(250, 1000, 2500),
});

/** Heart rate in stretches: plausible, absent, or garbage the sensor might send. */
const stretchArb = fc.record({
  seconds: fc.integer({ min: 2, max: 400 }),
  kind: fc.constantFrom('pulse', 'pulse', 'pulse', 'none', 'low-quality', 'garbage'),
  fromBpm: fc.double({ min: 40, max: 110, noNaN: true }),
  toBpm: fc.double({ min: 40, max: 110, noNaN: true }),
  quality: fc.double({ min: 0, max: 1, noNaN: true }),
});

const actionArb = fc.record({
  atS: fc.integer({ min: 0, max: 6000 }),
  what: fc.oneof(
    fc.constantFrom(...BUTTONS).map((button) => ({ type: 'button' as const, button })),
    fc.constantFrom('start', 'stop').map((name) => ({ type: 'command' as const, command: { name } })),
    fc
      .double({ min: 0.5, max: 40, noNaN: true })
      .map((minutes) => ({ type: 'command' as const, command: { name: 'snooze' as const, minutes } })),
    fc.boolean().map((fatal) => ({ type: 'fault' as const, fatal })),
  ),
});

type Setup = typeof setupArb extends fc.Arbitrary<infer S> ? S : never;
type Stretch = typeof stretchArb extends fc.Arbitrary<infer S> ? S : never;
type Action = typeof actionArb extends fc.Arbitrary<infer S> ? S : never;

function paramsOf(s: Setup) {
  const config = configForSessionLength(
    {
      ...defaultProgramConfig,
      start_volume_dba: s.startVolume,
      start_light: s.startLight,
      fade_in_seconds: s.fadeIn,
      volume_rise_db_per_s: s.rise,
      volume_fall_db_per_s: s.fall,
      light_slew_per_s: s.lightSlew,
      volume_step_db: s.volumeStep,
      light_step: s.lightStep,
    },
    s.minutes,
  );
  return programParams(config, {
    calibrated: s.calibrated,
    dba_at_0dbfs: 85,
    volume_cap_dba: s.cap,
    light_cap: s.lightCap,
  });
}

function heartRateInputs(stretches: Stretch[], endT: number): ProgramInput[] {
  const inputs: ProgramInput[] = [];
  let t = T0 - 20_000;
  for (let i = 0; t < endT; i++) {
    const s = stretches[i % stretches.length] as Stretch;
    const end = t + s.seconds * 1000;
    for (; t < end && t < endT; t += 2000) {
      const x = (t - (end - s.seconds * 1000)) / (s.seconds * 1000);
      const bpm = s.fromBpm + (s.toBpm - s.fromBpm) * x;
      if (s.kind === 'pulse') inputs.push({ type: 'heart_rate', t, bpm, quality: 0.5 + s.quality / 2 });
      else if (s.kind === 'low-quality')
        inputs.push({ type: 'heart_rate', t, bpm, quality: s.quality * 0.3 });
      else if (s.kind === 'none') inputs.push({ type: 'heart_rate', t, bpm: null, quality: 0 });
      else {
        const junk = [Number.NaN, -5, 0, 400, Number.POSITIVE_INFINITY][i % 5] as number;
        inputs.push({ type: 'heart_rate', t, bpm: junk, quality: [Number.NaN, 2, -1][i % 3] as number });
      }
    }
  }
  return inputs;
}

function actionInput(a: Action, t: number): ProgramInput {
  if (a.what.type === 'button') return { type: 'button', t, button: a.what.button };
  if (a.what.type === 'command') return { type: 'command', t, command: a.what.command };
  const fault = { code: 'E_PULSE_NO_SIGNAL', port: 'pulse' as const, message: 'test', since: t };
  return { type: 'fault', t, fault, fatal: a.what.fatal };
}

/** Runs a whole random night through the pure program and checks every transition. */
function runNight(setup: Setup, stretches: Stretch[], actions: Action[]): SafetyRules {
  const params = paramsOf(setup);
  const lastAction = Math.max(0, ...actions.map((a) => a.atS * 1000));
  const endT = T0 + lastAction + params.maxSessionMs + 120_000;
  const inputs: ProgramInput[] = [
    { type: 'command', t: T0, command: { name: 'start' } },
    ...heartRateInputs(stretches, endT),
    ...actions.map((a) => actionInput(a, T0 + a.atS * 1000)),
  ];
  for (let t = T0; t < endT; t += setup.tickMs) inputs.push({ type: 'tick', t });
  inputs.sort((a, b) => a.t - b.t);
  const rules = new SafetyRules(params, Math.max(setup.tickMs, 2000));
  let state: ProgramState = initialState(params, 66);
  for (const input of inputs) {
    const result = transition(state, input);
    rules.check(state, input, result);
    state = result.state;
  }
  return rules;
}

describe('the safety rules hold for any heart rate, dropouts, buttons and commands', () => {
  it('cap, fade-in, no automatic rise, slew, instant stop, no jolt, bounded length', () => {
    fc.assert(
      fc.property(
        setupArb,
        fc.array(stretchArb, { minLength: 1, maxLength: 12 }),
        fc.array(actionArb, { maxLength: 25 }),
        (setup, stretches, actions) => {
          const rules = runNight(setup, stretches, actions);
          expect(rules.violations).toEqual([]);
          expect(rules.reports.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 60) },
    );
  });

  it('a session left alone always ends by its timer, whatever the pulse does', () => {
    fc.assert(
      fc.property(setupArb, fc.array(stretchArb, { minLength: 1, maxLength: 12 }), (setup, stretches) => {
        const rules = runNight(setup, stretches, []);
        const params = paramsOf(setup);
        expect(rules.violations).toEqual([]);
        const [report] = rules.reports;
        expect(report?.end_reason).toMatch(/^(timer|calm)$/);
        // The program acts on inputs: it may see the fade start and its end one tick late each
        // (when the slew limit stretches the fade to its whole length); duration_s is to 0.1 s.
        expect(report?.duration_s).toBeLessThanOrEqual((params.sessionMs + 2 * setup.tickMs) / 1000 + 0.05);
        expect(rules.model.volumeAt(report?.ended_at ?? 0)).toBeNull();
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40) },
    );
  });

  it('is pure: a transition never changes the state it was given', () => {
    fc.assert(
      fc.property(setupArb, fc.array(actionArb, { maxLength: 10 }), (setup, actions) => {
        const params = paramsOf(setup);
        let state: ProgramState = initialState(params);
        const inputs: ProgramInput[] = [
          { type: 'command', t: T0, command: { name: 'start' } },
          ...actions.map((a) => actionInput(a, T0 + (a.atS % 600) * 1000)),
        ];
        for (let t = T0; t < T0 + 600_000; t += 5000) inputs.push({ type: 'tick', t });
        inputs.sort((a, b) => a.t - b.t);
        for (const input of inputs) {
          const frozen = deepFreeze(structuredClone(state));
          const copy = JSON.stringify(frozen);
          const a = transition(frozen, input);
          expect(JSON.stringify(frozen)).toBe(copy);
          // Deterministic: the same state and input give the same result.
          expect(transition(frozen, input)).toEqual(a);
          state = a.state;
        }
      }),
      { numRuns: 25 },
    );
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
