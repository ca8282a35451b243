import { isInSession } from '../../../device/program/machine.js';
import { type ProgramParams, SILENCE_FLOOR_DBA } from '../../../device/program/params.js';
import type {
  ProgramEffect,
  ProgramInput,
  ProgramReport,
  ProgramState,
  Transition,
} from '../../../device/program/types.js';
import type { Phase } from '../../../shared/schemas/common.js';
import { sessionReportBodySchema } from '../../../shared/schemas/session-report.js';
import { sessionSampleSchema } from '../../../shared/schemas/session-samples.js';
import { OutputModel } from '../../fakes/output-model.js';

const EPS = 1e-6;
const MIN_FADE_IN_MS = 10_000;

/** The phase changes the program may make (docs/program.md). */
const EDGES: Record<Phase, readonly Phase[]> = {
  idle: ['settling'],
  settling: ['descending', 'paused', 'stopped', 'ended'],
  descending: ['fading', 'paused', 'stopped', 'ended'],
  fading: ['descending', 'paused', 'stopped', 'ended'],
  paused: ['settling', 'descending', 'fading', 'stopped', 'ended'],
  ended: ['settling'],
  stopped: ['settling'],
};

/**
 * Watches every transition of a program run and records each breach of the safety rules, judged
 * on what an engine following the effect contract would play (the OutputModel), not on the
 * program's own bookkeeping.
 */
export class SafetyRules {
  readonly model = new OutputModel();
  readonly violations: string[] = [];
  readonly reports: ProgramReport[] = [];
  private phase: Phase = 'idle';
  private preSnoozeDba: number | null = null;
  private sessionStartT: number | null = null;

  constructor(
    private readonly params: ProgramParams,
    /** The longest gap between inputs of the run: the program can act no sooner. */
    private readonly maxInputGapMs: number,
  ) {}

  check(before: ProgramState, input: ProgramInput, result: Transition): void {
    const t = result.state.t;
    const phases = result.effects.flatMap((e) =>
      e.type === 'event' && e.event.kind === 'phase' ? [e.event.phase] : [],
    );
    const started = result.effects.some((e) => e.type === 'event' && e.event.kind === 'started');
    const stopped = phases.includes('stopped');
    const resumed =
      before.phase === 'paused' && phases.some((p) => p !== 'paused' && p !== 'stopped' && p !== 'ended');
    const mutedAtStart = this.model.muted;
    if (phases.includes('paused')) this.preSnoozeDba = this.model.volumeFrom(t);
    if (started) this.sessionStartT = t;
    let firstVolume = true;
    for (const effect of result.effects) {
      this.checkEffect(effect, { input, t, started, stopped, resumed, mutedAtStart, firstVolume });
      if (effect.type === 'volume') firstVolume = false;
      this.model.apply(t, effect);
    }
    this.checkPhases(phases, t);
    const stopAsked =
      (input.type === 'button' && input.button === 'start_stop') ||
      (input.type === 'command' && input.command.name === 'stop') ||
      (input.type === 'fault' && input.fatal);
    if (isInSession(before) && stopAsked) {
      if (!stopped) this.fail(t, 'stop', `${input.type} in ${before.phase} did not stop`);
      if (this.model.volumeAt(t) !== null || this.model.lightAt(t) !== 0) {
        this.fail(t, 'stop', 'sound or light still on after a stop, at the same instant');
      }
    }
  }

  private checkEffect(
    e: ProgramEffect,
    c: {
      input: ProgramInput;
      t: number;
      started: boolean;
      stopped: boolean;
      resumed: boolean;
      mutedAtStart: boolean;
      firstVolume: boolean;
    },
  ): void {
    const p = this.params;
    const { t, input } = c;
    const button = input.type === 'button' ? input.button : undefined;
    switch (e.type) {
      case 'volume': {
        if (e.dba > p.volumeCapDba + EPS || e.dba > 60) this.fail(t, 'cap', `volume ${e.dba} over the cap`);
        const from = this.model.volumeFrom(t);
        if (c.started && c.firstVolume && (!c.mutedAtStart || e.rampMs < MIN_FADE_IN_MS)) {
          this.fail(t, 'fade-in', `session start fades in over ${e.rampMs} ms`);
        }
        if (e.dba > from + EPS) {
          // A rise is sanctioned by the start, a louder press, or a resume; retargeting a rise
          // already under way no higher than its target is no new rise.
          const ok =
            (t < this.model.volumeRampEnd() && e.dba <= this.model.volumeTarget() + EPS) ||
            (c.started && e.rampMs >= MIN_FADE_IN_MS && e.dba <= p.startVolumeDba + EPS) ||
            (button === 'louder' &&
              e.dba <= Math.max(from, this.model.volumeTarget()) + p.volumeStepDb + EPS) ||
            (c.resumed && e.rampMs >= MIN_FADE_IN_MS && e.dba <= (this.preSnoozeDba ?? -1) + EPS);
          if (!ok) this.fail(t, 'no-rise', `volume ${from.toFixed(2)} → ${e.dba} on ${describe(input)}`);
        }
        const delta = e.dba - from;
        if (Math.abs(delta) > EPS) {
          const limit = delta > 0 ? p.volumeRiseDbPerS : p.volumeFallDbPerS;
          const rate = Math.abs(delta) / (e.rampMs / 1000);
          if (!(rate <= limit * (1 + 1e-9) + EPS))
            this.fail(t, 'slew', `volume ${rate.toFixed(2)} dB/s > ${limit}`);
        }
        break;
      }
      case 'mute': {
        const level = this.model.volumeAt(t);
        const maxEnd =
          this.sessionStartT === null ? Number.POSITIVE_INFINITY : this.sessionStartT + p.maxSessionMs;
        if (level !== null && level > SILENCE_FLOOR_DBA + 0.05 && !c.stopped && t < maxEnd) {
          this.fail(t, 'no-jolt', `muted at ${level.toFixed(2)} dB(A) on ${describe(input)}`);
        }
        break;
      }
      case 'light': {
        if (e.level > p.lightCap + EPS) this.fail(t, 'cap', `light ${e.level} over its cap`);
        const from = this.model.lightAt(t);
        if (e.level > from + EPS) {
          const ok =
            (t < this.model.lightRampEnd() && e.level <= this.model.lightTarget() + EPS) ||
            (c.started && e.rampMs >= MIN_FADE_IN_MS) ||
            (button === 'brighter' &&
              e.level <= Math.max(from, this.model.lightTarget()) + p.lightStep + EPS);
          if (!ok) this.fail(t, 'no-rise', `light ${from.toFixed(4)} → ${e.level} on ${describe(input)}`);
        }
        const delta = e.level - from;
        const instantDark = c.stopped && e.level === 0 && e.rampMs === 0;
        if (Math.abs(delta) > EPS && !instantDark) {
          const rate = Math.abs(delta) / (e.rampMs / 1000);
          if (!(rate <= p.lightSlewPerS * (1 + 1e-9) + EPS)) this.fail(t, 'slew', `light ${rate} /s`);
        }
        break;
      }
      case 'sample': {
        const parsed = sessionSampleSchema.safeParse(e.sample);
        if (!parsed.success) this.fail(t, 'schema', `sample: ${parsed.error.message}`);
        break;
      }
      case 'report':
        this.checkReport(e.report, t);
        break;
      default:
        break;
    }
  }

  private checkReport(report: ProgramReport, t: number): void {
    this.reports.push(report);
    const full = { ...report, session_id: 'test', seed: null, peak_dbfs: null };
    const parsed = sessionReportBodySchema.safeParse(full);
    if (!parsed.success) this.fail(t, 'schema', `report: ${parsed.error.message}`);
    const longest = this.params.maxSessionMs + this.maxInputGapMs;
    if (report.ended_at - report.started_at > longest) {
      this.fail(t, 'max-length', `session ran ${report.duration_s} s`);
    }
    if (report.end_reason === 'timer' || report.end_reason === 'calm') {
      // A natural end has faded to silence: nothing audible is cut off (checked at the mute).
      if (
        report.fade_start_s === null &&
        !report.end_detail.includes('maximum') &&
        !report.end_detail.includes('snooze')
      ) {
        this.fail(t, 'fade', `ended by ${report.end_reason} without a fade`);
      }
    }
  }

  private checkPhases(phases: Phase[], t: number): void {
    for (const next of phases) {
      if (!EDGES[this.phase].includes(next)) this.fail(t, 'graph', `${this.phase} → ${next}`);
      this.phase = next;
    }
  }

  private fail(t: number, rule: string, detail: string): void {
    if (this.violations.length < 20) this.violations.push(`[${rule}] t=${t}: ${detail}`);
  }
}

function describe(input: ProgramInput): string {
  switch (input.type) {
    case 'button':
      return `button ${input.button}`;
    case 'command':
      return `command ${input.command.name}`;
    default:
      return input.type;
  }
}
