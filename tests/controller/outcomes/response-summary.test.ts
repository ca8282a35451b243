import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type ResponseSummaryInput,
  readsAs,
  responseSummary,
} from '../../../controller/outcomes/response-summary.js';
import { VirtualClock } from '../../../shared/clock.js';
import { type CoTherapy, responseSummarySchema } from '../../../shared/schemas/outcomes/index.js';

const ZONE = 'Europe/Berlin';
/** ms of a wall-clock time in the patient's zone. */
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const clockAt = (local: string) => new VirtualClock(at(local));

const MELATONIN: CoTherapy = {
  what: 'melatonin',
  kind: 'medication',
  dose: '2 mg nightly',
  from: '2026-03-10',
  to: null,
};
const CBT: CoTherapy = {
  what: 'CBT-I',
  kind: 'psychotherapy',
  dose: 'weekly',
  from: '2026-03-20',
  to: '2026-03-25',
};
const ACUPUNCTURE_BEFORE: CoTherapy = {
  what: 'acupuncture',
  kind: 'acupuncture',
  from: '2026-01-01',
  to: '2026-02-20',
};

/** A four-week programme, 2–29 March 2026: first weeks 2–15, last weeks 16–29. */
const PROGRAMME: ResponseSummaryInput = {
  timezone: ZONE,
  programme: { start: '2026-03-02', end: '2026-03-29' },
  psqi: [
    { at: at('2026-03-02T19:00'), total: 14 },
    { at: at('2026-03-03T19:00'), total: null }, // incomplete: not counted
    { at: at('2026-03-27T19:00'), total: 8 },
  ],
  isi: [
    { at: at('2026-03-02T19:00'), total: 18 },
    { at: at('2026-03-15T23:30'), total: 16 }, // still the first two weeks in Berlin (22:30 UTC)
    { at: at('2026-03-28T10:00'), total: 10 },
    { at: at('2026-03-30T10:00'), total: 2 }, // after the programme
  ],
  gad7: [{ at: at('2026-03-02T19:00'), total: 9 }],
  phq9: [],
  diary: [
    { date: '2026-03-02', sol_min: 60, tst_min: 300 },
    { date: '2026-03-03', sol_min: 40, tst_min: 340 },
    { date: '2026-03-28', sol_min: 20, tst_min: 400 },
    { date: '2026-03-29', sol_min: 10, tst_min: 420 },
  ],
  sessions: [
    { started_at: at('2026-03-02T21:30'), baseline_bpm: 72, calm_point_s: 1200 },
    { started_at: at('2026-03-03T00:30'), baseline_bpm: 70, calm_point_s: null }, // the night of 2 March
    { started_at: at('2026-03-03T21:30'), baseline_bpm: 69, calm_point_s: 1500 },
    { started_at: at('2026-03-16T00:30'), baseline_bpm: 70, calm_point_s: null }, // the night of 15 March
    { started_at: at('2026-03-29T21:30'), baseline_bpm: 64, calm_point_s: 600 },
    { started_at: at('2026-03-29T22:40'), baseline_bpm: null, calm_point_s: 700 },
  ],
  co_therapies: [MELATONIN, CBT, ACUPUNCTURE_BEFORE],
};

describe('response summary: first two weeks against the last two', () => {
  it('compares every measure, with the entries or nights each side rests on', () => {
    const summary = responseSummary(PROGRAMME, clockAt('2026-04-10T12:00'));
    expect(responseSummarySchema.parse(summary)).toEqual(summary);
    expect(summary.programme).toEqual({ start: '2026-03-02', end: '2026-03-29' });
    expect(summary.first_weeks).toEqual({ from: '2026-03-02', to: '2026-03-15' });
    expect(summary.last_weeks).toEqual({ from: '2026-03-16', to: '2026-03-29' });
    expect(summary.measures).toEqual({
      psqi_global: { first: { mean: 14, n: 1 }, last: { mean: 8, n: 1 }, change: -6 },
      isi_total: { first: { mean: 17, n: 2 }, last: { mean: 10, n: 1 }, change: -7 },
      gad7_total: { first: { mean: 9, n: 1 }, last: { mean: null, n: 0 }, change: null },
      phq9_total: { first: { mean: null, n: 0 }, last: { mean: null, n: 0 }, change: null },
      diary_sol_min: { first: { mean: 50, n: 2 }, last: { mean: 15, n: 2 }, change: -35 },
      diary_tst_min: { first: { mean: 320, n: 2 }, last: { mean: 410, n: 2 }, change: 90 },
      // nights 2 (72, 70 → 71), 3 (69) and 15 (70) March; last: 29 March (64; the other session has none)
      baseline_bpm: { first: { mean: 70, n: 3 }, last: { mean: 64, n: 1 }, change: -6 },
      // nights 2 (1200) and 3 (1500) March; last: 29 March (600, 700 → 650)
      calm_point_s: { first: { mean: 1350, n: 2 }, last: { mean: 650, n: 1 }, change: -700 },
    });
  });

  it('names the co-therapies active during the programme', () => {
    const summary = responseSummary(PROGRAMME, clockAt('2026-04-10T12:00'));
    expect(summary.co_therapies).toEqual([MELATONIN, CBT]);
    expect(summary.reads_as).toBe('music with melatonin (2 mg nightly) and CBT-I (weekly)');
  });

  it('reads as music alone without co-therapies in the programme', () => {
    const summary = responseSummary(
      { ...PROGRAMME, co_therapies: [ACUPUNCTURE_BEFORE] },
      clockAt('2026-04-10T12:00'),
    );
    expect(summary.co_therapies).toEqual([]);
    expect(summary.reads_as).toBe('music alone');
  });

  it('runs to today in the patient zone while the programme goes on', () => {
    // 19 March 00:30 in Berlin is still 18 March in UTC
    const summary = responseSummary(
      { ...PROGRAMME, programme: { start: '2026-03-02' } },
      clockAt('2026-03-19T00:30'),
    );
    expect(summary.programme.end).toBe('2026-03-19');
    expect(summary.last_weeks).toEqual({ from: '2026-03-16', to: '2026-03-19' });
    expect(summary.measures.baseline_bpm.last).toEqual({ mean: null, n: 0 });
    expect(summary.measures.isi_total.first).toEqual({ mean: 17, n: 2 });
    expect(summary.reads_as).toBe('music with melatonin (2 mg nightly)');
  });

  it('leaves the last side empty when the programme is shorter than three weeks', () => {
    const summary = responseSummary(
      { ...PROGRAMME, programme: { start: '2026-03-02', end: '2026-03-11' } },
      clockAt('2026-04-10T12:00'),
    );
    expect(summary.first_weeks).toEqual({ from: '2026-03-02', to: '2026-03-11' });
    for (const change of Object.values(summary.measures)) {
      expect(change.last).toEqual({ mean: null, n: 0 });
      expect(change.change).toBeNull();
    }
  });

  it('has two empty sides before the programme starts', () => {
    const summary = responseSummary(
      { ...PROGRAMME, programme: { start: '2026-03-02' } },
      clockAt('2026-02-27T12:00'),
    );
    expect(summary.programme).toEqual({ start: '2026-03-02', end: '2026-02-27' });
    for (const change of Object.values(summary.measures)) {
      expect([change.first.n, change.last.n, change.change]).toEqual([0, 0, null]);
    }
  });

  it('rounds means: questionnaires to 2 decimals, diary and heart rate to 1, calm point to whole seconds', () => {
    const summary = responseSummary(
      {
        ...PROGRAMME,
        isi: [10, 11, 11].map((total, i) => ({ at: at(`2026-03-0${i + 2}T12:00`), total })),
        diary: [10, 11, 11].map((sol_min, i) => ({ date: `2026-03-0${i + 2}`, sol_min, tst_min: 400 })),
      },
      clockAt('2026-04-10T12:00'),
    );
    expect(summary.measures.isi_total.first.mean).toBe(10.67);
    expect(summary.measures.diary_sol_min.first.mean).toBe(10.7);
  });
});

describe('readsAs', () => {
  it.each([
    [[], 'music alone'],
    [[ACUPUNCTURE_BEFORE], 'music with acupuncture'],
    [
      [MELATONIN, CBT, ACUPUNCTURE_BEFORE],
      'music with melatonin (2 mg nightly), CBT-I (weekly) and acupuncture',
    ],
  ])('%j reads %s', (therapies, text) => {
    expect(readsAs(therapies)).toBe(text);
  });
});
