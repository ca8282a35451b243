import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { logOutcomeHooks, overdueAlerts, selfHarmAlert } from '../../../controller/outcomes/alerts.js';
import { scoreIsi } from '../../../controller/outcomes/isi.js';
import { scorePhq9 } from '../../../controller/outcomes/phq9.js';
import type { QuestionnaireEntry } from '../../../shared/api-outcomes.js';
import type { Phq9Answers } from '../../../shared/schemas/outcomes/index.js';

const meta = { id: 7, patient: 'P-1', taken_at: 1000, entered_by: 'cara', entered_at: 1001 };

function phq9(answers: Phq9Answers): QuestionnaireEntry {
  return { ...meta, measure: 'phq9', answers, scores: scorePhq9(answers) };
}

describe('selfHarmAlert', () => {
  it('raises a high alert for item 9 above 0 whatever the total, also when the total is null', () => {
    const zeros = { p1: 0, p2: 0, p3: 0, p4: 0, p5: 0, p6: 0, p7: 0, p8: 0 };
    const cases: Phq9Answers[] = [
      { ...zeros, p9: 1 }, // total 1, minimal
      { ...zeros, p9: 3 },
      { p1: 3, p2: 3, p3: 3, p4: 3, p5: 3, p6: 3, p7: 3, p8: 3, p9: 2 }, // total 26, severe
      { p1: null, p9: 1 }, // incomplete: total null
    ];
    for (const answers of cases) {
      const alert = selfHarmAlert(phq9(answers));
      expect(alert).toEqual({
        patient: 'P-1',
        unit: null,
        kind: 'phq9_self_harm',
        severity: 'high',
        key: 'phq9_self_harm:P-1:7',
        message: `PHQ-9 item 9 (self-harm thoughts) answered ${answers.p9}: contact the patient now`,
        detail: {
          entry_id: 7,
          item9: answers.p9,
          total: scorePhq9(answers).total,
          band: scorePhq9(answers).band,
          taken_at: 1000,
          entered_by: 'cara',
        },
      });
    }
  });

  it('raises nothing for item 9 at 0, however high the total, nor for other measures', () => {
    const severe = { p1: 3, p2: 3, p3: 3, p4: 3, p5: 3, p6: 3, p7: 3, p8: 3, p9: 0 };
    expect(scorePhq9(severe).total).toBe(24);
    expect(selfHarmAlert(phq9(severe))).toBeUndefined();
    const isi = { i1: 4, i2: 4, i3: 4, i4: 4, i5: 4, i6: 4, i7: 4 };
    expect(selfHarmAlert({ ...meta, measure: 'isi', answers: isi, scores: scoreIsi(isi) })).toBeUndefined();
  });
});

describe('overdueAlerts', () => {
  it('one warning per overdue measure, keyed by its due day; due and not-due ones raise nothing', () => {
    const alerts = overdueAlerts('P-1', [
      { measure: 'psqi', every_days: 28, last: null, due_on: '2026-03-01', status: 'due', days_overdue: 0 },
      {
        measure: 'isi',
        every_days: 14,
        last: '2026-03-01',
        due_on: '2026-03-15',
        status: 'overdue',
        days_overdue: 1,
      },
      {
        measure: 'diary',
        every_days: 1,
        last: '2026-03-10',
        due_on: '2026-03-12',
        status: 'overdue',
        days_overdue: 4,
      },
      {
        measure: 'gad7',
        every_days: 14,
        last: '2026-03-10',
        due_on: '2026-03-24',
        status: 'not_due',
        days_overdue: 0,
      },
    ]);
    expect(alerts.map((a) => [a.key, a.severity, a.message])).toEqual([
      ['outcome_overdue:P-1:isi:2026-03-15', 'warning', 'ISI overdue by 1 day (due 2026-03-15)'],
      ['outcome_overdue:P-1:diary:2026-03-12', 'warning', 'sleep diary overdue by 4 days (due 2026-03-12)'],
    ]);
  });
});

describe('logOutcomeHooks', () => {
  it('until the alerts engine is wired, each alert is a warning in the log with all its fields', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const alert = selfHarmAlert(phq9({ p1: 0, p2: 0, p3: 0, p4: 0, p5: 0, p6: 0, p7: 0, p8: 0, p9: 1 }));
    if (!alert) throw new Error('no alert');
    await logOutcomeHooks(log).onSelfHarm(alert);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        level: 40,
        msg: alert.message,
        alert: expect.objectContaining({ severity: 'high', patient: 'P-1' }),
      }),
    ]);
  });
});
