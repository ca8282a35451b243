import { describe, expect, it } from 'vitest';
import { parseHeartRateCsv } from '../../../device/program/hr-trace.js';
import { type OfflineSessionOptions, runOfflineSession } from '../../../device/program/offline.js';
import type { ProgramEffect } from '../../../device/program/types.js';
import { sessionReportBodySchema } from '../../../shared/schemas/session-report.js';

const MIN = 60;

function run(o: OfflineSessionOptions) {
  const session = runOfflineSession(o);
  sessionReportBodySchema.parse(session.report);
  return session;
}

/** The effects that reach the music and the light, without events and samples. */
function outputs(timeline: { tMs: number; effect: ProgramEffect }[]) {
  return timeline.filter(({ effect }) => ['tempo', 'volume', 'mute', 'light'].includes(effect.type));
}

function effectsAt(timeline: { tMs: number; effect: ProgramEffect }[], tMs: number) {
  return timeline.filter((e) => e.tMs === tMs).map((e) => e.effect);
}

describe('a typical sleeper', () => {
  it('reaches a calm point and fades to silence and darkness well before the timer', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const { report, samples } = run({ profile: 'typical', seed });
      expect(report.end_reason).toBe('calm');
      expect(report.calm_point_s).toBeLessThan(20 * MIN);
      expect(report.fade_start_s).toBe(report.calm_point_s);
      expect(report.fade_cause).toBe('calm');
      expect(report.duration_s).toBeCloseTo((report.calm_point_s ?? 0) + 5 * MIN, 0);
      expect(report.baseline_bpm).toBeGreaterThan(64);
      expect(report.min_bpm).toBeLessThan((report.baseline_bpm ?? 0) - 6);
      expect(report.hr_slope_bpm_per_min).toBeLessThan(0);
      expect(report.valid_pulse_fraction).toBeGreaterThan(0.99);
      expect(samples.at(-1)).toMatchObject({ volume_db: null, light: 0, phase: 'ended' });
    }
  });

  it('starts at the iso tempo near the heart rate and glides to 60 BPM', () => {
    const { report, timeline } = run({ profile: 'typical', seed: 3 });
    const tempi = timeline.flatMap(({ effect }) => (effect.type === 'tempo' ? [effect] : []));
    expect(tempi[0]?.bpm).toBeGreaterThanOrEqual(64);
    expect(tempi[0]?.bpm).toBeLessThanOrEqual(72);
    expect(tempi.at(-1)).toEqual({ type: 'tempo', bpm: 60, glideMs: 20 * 60_000 });
    const tempoTrack = report.trajectory.map((p) => p.tempo_bpm);
    for (let i = 1; i < tempoTrack.length; i++) {
      expect(tempoTrack[i]).toBeLessThanOrEqual((tempoTrack[i - 1] ?? 0) + 1e-9);
    }
  });
});

describe('an insomnia patient (blunted heart-rate fall)', () => {
  it('falls back to the timer, and the report says so', () => {
    const { report } = run({ profile: 'insomnia', seed: 1 });
    expect(report).toMatchObject({
      end_reason: 'timer',
      calm_point_s: null,
      fade_cause: 'timer',
      fade_start_s: 40 * MIN,
      duration_s: 45 * MIN,
    });
    expect(report.end_detail).toMatch(/no calm point/);
    expect(report.phases.map((p) => p.phase)).toEqual(['settling', 'descending', 'fading', 'ended']);
    expect(report.phases[2]?.reason).toMatch(/^timer/);
  });

  it('almost never shows a calm point across seeds', () => {
    const calm = Array.from(
      { length: 12 },
      (_, i) => run({ profile: 'insomnia', seed: i + 1 }).report,
    ).filter((r) => r.end_reason === 'calm').length;
    expect(calm).toBeLessThanOrEqual(1);
  });
});

describe('a pulse lost for 5 minutes mid-session', () => {
  it('changes nothing that plays, and the report shows the gap', () => {
    const plain = run({ profile: 'insomnia', seed: 2 });
    const lost = run({ profile: 'insomnia', seed: 2, dropouts: [{ fromS: 15 * MIN, toS: 20 * MIN }] });
    expect(outputs(lost.timeline)).toEqual(outputs(plain.timeline));
    expect(lost.report.end_reason).toBe('timer');
    expect(lost.report.pulse_gaps).toHaveLength(1);
    const [gap] = lost.report.pulse_gaps;
    expect(gap?.start_s).toBeGreaterThanOrEqual(15 * MIN - 2);
    expect(gap?.start_s).toBeLessThanOrEqual(15 * MIN);
    expect(gap?.end_s).toBeCloseTo(20 * MIN, 0);
    expect(lost.report.valid_pulse_fraction).toBeCloseTo(1 - 300 / (45 * MIN), 2);
    const notes = lost.timeline.flatMap(({ effect }) =>
      effect.type === 'event' && effect.event.kind === 'note' ? [effect.event.note] : [],
    );
    expect(notes).toContain('pulse_lost');
    expect(notes).toContain('pulse_restored');
    // Samples go on through the gap, with no heart rate in them.
    const inGap = lost.samples.filter((s) => s.t - lost.report.started_at > 16 * MIN * 1000).slice(0, 3);
    expect(inGap.every((s) => s.bpm === null && s.volume_db !== null)).toBe(true);
  });

  it('still lets a typical sleeper reach the calm point once the pulse is back', () => {
    const { report } = run({ profile: 'typical', seed: 1, dropouts: [{ fromS: 6 * MIN, toS: 11 * MIN }] });
    expect(report.end_reason).toBe('calm');
    expect(report.calm_point_s).toBeGreaterThan(11 * MIN);
    expect(report.pulse_gaps).toHaveLength(1);
  });
});

describe('snooze', () => {
  it('fades out, pauses the program clock, and fades back in to at most the volume before it', () => {
    const { report, timeline } = run({
      profile: 'insomnia',
      seed: 1,
      actions: [{ atS: 10 * MIN, button: 'snooze' }],
    });
    expect(report.snoozes).toEqual([{ start_s: 10 * MIN, end_s: 20 * MIN }]);
    expect(report.paused_s).toBe(10 * MIN);
    expect(report.duration_s).toBe(55 * MIN); // the 45-min program plus the snooze
    const atSnooze = effectsAt(timeline, 10 * MIN * 1000);
    expect(atSnooze).toContainEqual({ type: 'volume', dba: 20, rampMs: 2500 });
    const mute = timeline.find((e) => e.effect.type === 'mute');
    expect(mute?.tMs).toBeLessThanOrEqual(10 * MIN * 1000 + 3000);
    const resume = effectsAt(timeline, 20 * MIN * 1000).find((e) => e.type === 'volume');
    expect(resume).toEqual({ type: 'volume', dba: 45, rampMs: 15_000 });
    expect(report.phases.map((p) => p.phase)).toEqual([
      'settling',
      'descending',
      'paused',
      'descending',
      'fading',
      'ended',
    ]);
  });

  it('ends early when the snooze button is pressed again, and quieter lowers the level it resumes to', () => {
    const { report, timeline } = run({
      profile: 'insomnia',
      actions: [
        { atS: 10 * MIN, button: 'snooze' },
        { atS: 11 * MIN, button: 'quieter' },
        { atS: 12 * MIN, button: 'snooze' },
      ],
    });
    expect(report.snoozes).toEqual([{ start_s: 10 * MIN, end_s: 12 * MIN }]);
    const resume = effectsAt(timeline, 12 * MIN * 1000).find((e) => e.type === 'volume');
    expect(resume).toEqual({ type: 'volume', dba: 43, rampMs: 15_000 });
  });

  it('takes its length from a command, and resumes a fade where it stood', () => {
    const { report, timeline } = run({
      profile: 'insomnia',
      actions: [{ atS: 42 * MIN, command: { name: 'snooze', minutes: 5 } }],
    });
    expect(report.snoozes).toEqual([{ start_s: 42 * MIN, end_s: 47 * MIN }]);
    const resume = effectsAt(timeline, 47 * MIN * 1000).find((e) => e.type === 'volume');
    expect(resume?.type === 'volume' && resume.dba).toBeLessThan(37);
    expect(report.duration_s).toBe(50 * MIN);
    expect(report.end_reason).toBe('timer');
  });
});

describe('stop', () => {
  const cases = [
    { phase: 'settling', atS: 60, profile: 'typical', before: [] },
    { phase: 'descending', atS: 6 * MIN, profile: 'typical', before: [] },
    { phase: 'fading', atS: 42 * MIN, profile: 'insomnia', before: [] },
    {
      phase: 'paused',
      atS: 8 * MIN,
      profile: 'insomnia',
      before: [{ atS: 5 * MIN, button: 'snooze' as const }],
    },
  ] as const;

  for (const c of cases) {
    for (const by of ['button', 'command'] as const) {
      it(`by ${by} in ${c.phase}: silence and darkness at once`, () => {
        const stop =
          by === 'button' ? { button: 'start_stop' as const } : { command: { name: 'stop' as const } };
        const { report, timeline, samples } = run({
          profile: c.profile,
          actions: [...c.before, { atS: c.atS, ...stop }],
        });
        expect(report.end_reason).toBe(by);
        expect(report.duration_s).toBe(c.atS);
        expect(report.phases.at(-2)?.phase).toBe(c.phase);
        expect(report.phases.at(-1)?.phase).toBe('stopped');
        const atStop = effectsAt(timeline, c.atS * 1000);
        expect(atStop).toContainEqual({ type: 'mute' });
        expect(atStop).toContainEqual({ type: 'light', level: 0, rampMs: 0 });
        expect(samples.at(-1)).toMatchObject({ volume_db: null, light: 0, phase: 'stopped' });
      });
    }
  }
});

describe('the patient’s own buttons', () => {
  it('louder raises the volume step by step, never above the cap', () => {
    const presses = Array.from({ length: 10 }, (_, i) => ({
      atS: 5 * MIN + i * 5,
      button: 'louder' as const,
    }));
    const { report, timeline } = run({ profile: 'insomnia', actions: presses });
    expect(report.volume_peak_dba).toBe(55);
    for (const { effect } of timeline)
      if (effect.type === 'volume') expect(effect.dba).toBeLessThanOrEqual(55);
    expect(report.buttons.louder).toBe(10);
  });

  it('louder in a calm fade withdraws the calm point; it must be earned again', () => {
    const { report } = run({ profile: 'typical', seed: 1, actions: [{ atS: 13 * MIN, button: 'louder' }] });
    expect(report.calm_withdrawn_s).toEqual([13 * MIN]);
    expect(report.calm_point_s).toBeGreaterThan(13 * MIN + 3 * MIN - 1);
    const phases = report.phases.map((p) => p.phase);
    expect(phases.slice(2, 5)).toEqual(['fading', 'descending', 'fading']);
  });
});

describe('sessions are reproducible and bounded', () => {
  it('the same seed gives the same report and timeline; another seed does not', () => {
    const a = run({ profile: 'typical', seed: 'night-7' });
    const b = run({ profile: 'typical', seed: 'night-7' });
    const c = run({ profile: 'typical', seed: 'night-8' });
    expect(b.report).toEqual(a.report);
    expect(b.timeline).toEqual(a.timeline);
    expect(c.report.calm_point_s).not.toEqual(a.report.calm_point_s);
    expect(a.report.seed).toBe('night-7');
  });

  it('snoozes cannot stretch a session past its maximum length', () => {
    const snoozes = Array.from({ length: 12 }, (_, i) => ({
      atS: 2 * MIN + i * 32 * MIN,
      command: { name: 'snooze' as const, minutes: 30 },
    }));
    const { report } = run({ profile: 'insomnia', actions: snoozes });
    expect(report.duration_s).toBeLessThanOrEqual(120 * MIN);
    expect(report.end_reason).toBe('timer');
    expect(report.end_detail).toMatch(/maximum session length/);
  });

  it('a short demo session scales every phase down and still shows them all', () => {
    const { report } = run({ profile: 'insomnia', minutes: 5 });
    expect(report.duration_s).toBe(5 * MIN);
    expect(report.phases.map((p) => p.phase)).toEqual(['settling', 'descending', 'fading', 'ended']);
    expect(report.params.program.session_minutes).toBe(5);
  });
});

describe('a recorded heart-rate trace', () => {
  const falling = ['t_s,bpm', '0,72', '300,72', '1500,58', '2700,57'].join('\n');

  it('drives the calm point like the simulated patient does', () => {
    const { report } = run({ trace: parseHeartRateCsv(falling) });
    expect(report.end_reason).toBe('calm');
    expect(report.baseline_bpm).toBe(72);
  });

  it('without any pulse runs on the timer from a past baseline, or from none', () => {
    const none = parseHeartRateCsv('t_s,bpm\n0,\n2700,\n');
    const stored = run({ trace: none, storedBaselineBpm: 66 }).report;
    expect(stored).toMatchObject({ end_reason: 'timer', baseline_bpm: 66, valid_pulse_fraction: 0 });
    expect(stored.pulse_gaps).toEqual([{ start_s: 0, end_s: 45 * MIN }]);
    const { report, timeline } = run({ trace: none });
    expect(report).toMatchObject({ end_reason: 'timer', baseline_bpm: null });
    expect(report.end_detail).toMatch(/no baseline/);
    expect(timeline.find((e) => e.effect.type === 'tempo')?.effect).toEqual({
      type: 'tempo',
      bpm: 72,
      glideMs: 0,
    });
  });

  it('clamps the iso start tempo to 60–80 BPM', () => {
    const fast = run({ trace: parseHeartRateCsv('t_s,bpm\n0,95\n2700,90') }).timeline;
    const slow = run({ trace: parseHeartRateCsv('t_s,bpm\n0,52\n2700,50') }).timeline;
    expect(fast.find((e) => e.effect.type === 'tempo')?.effect).toMatchObject({ bpm: 80 });
    expect(slow.find((e) => e.effect.type === 'tempo')?.effect).toMatchObject({ bpm: 60 });
  });
});
