import type { Clock } from '../../shared/clock.js';
import type { DiaryScore } from '../../shared/schemas/outcomes/index.js';
import type { ControllerStore } from '../store/repos.js';
import { addDays, localDay } from './local-time.js';
import { scoreMeasure } from './score.js';

const DAY_MS = 86_400_000;
const BY = 'demo';

/**
 * Four weeks of outcomes for a new demo patient, so the patient page has trends and a response
 * summary to show: baseline and recent questionnaires, a diary night most nights, one co-therapy.
 * Stored as entries are (scored by `scoreMeasure`), not through the API: no alerts, no audit.
 */
export async function seedDemoOutcomes(store: ControllerStore, clock: Clock, code: string, zone: string) {
  const now = clock.now();
  const today = localDay(now, zone);
  const start = addDays(today, -27);
  await store.outcomes.setProgramme(code, start, null);
  const questionnaire = async (
    measure: 'psqi' | 'isi' | 'gad7' | 'phq9',
    daysAgo: number,
    answers: object,
  ) => {
    const scored = scoreMeasure(measure, answers);
    if (!scored.ok) throw new Error(`demo ${measure} does not score`);
    const at = now - daysAgo * DAY_MS;
    await store.outcomes.addQuestionnaire({
      patient: code,
      measure,
      answers_json: JSON.stringify(answers),
      scores_json: JSON.stringify(scored.value),
      taken_at: at,
      entered_by: BY,
      entered_at: at,
    });
  };
  const psqi = (latency: number, sleep: number, q6: number) => ({
    bed: '23:00',
    latency_min: latency,
    rise: '07:00',
    sleep_h: sleep,
    q5a: q6,
    q5b: 2,
    q5c: 1,
    q5d: 0,
    q5e: 0,
    q5f: 0,
    q5g: 0,
    q5h: 1,
    q5i: 0,
    q5j: 0,
    q5j_described: false,
    q6,
    q7: 0,
    q8: 1,
    q9: 1,
  });
  const items = (prefix: string, values: number[]) =>
    Object.fromEntries(values.map((v, i) => [`${prefix}${i + 1}`, v]));
  await questionnaire('psqi', 27, psqi(50, 5.5, 2));
  await questionnaire('isi', 27, items('i', [3, 2, 3, 3, 2, 2, 3]));
  await questionnaire('gad7', 27, items('g', [2, 1, 2, 2, 1, 1, 1]));
  await questionnaire('phq9', 27, items('p', [1, 1, 2, 2, 1, 0, 1, 0, 0]));
  await questionnaire('isi', 13, items('i', [2, 2, 2, 2, 2, 1, 2]));
  await questionnaire('gad7', 13, items('g', [1, 1, 1, 2, 1, 1, 0]));
  await questionnaire('phq9', 13, items('p', [1, 0, 1, 1, 1, 0, 1, 0, 0]));
  await questionnaire('psqi', 1, psqi(25, 6.5, 1));
  await questionnaire('isi', 1, items('i', [1, 1, 2, 1, 1, 1, 1]));
  // A diary night on most nights, sleep coming a little sooner each week.
  for (let n = 0; n < 27; n++) {
    if (n % 5 === 3) continue;
    const night = {
      date: addDays(start, n),
      bedtime: '23:00',
      sol_min: Math.max(10, 55 - n * 1.5),
      awakenings: 2,
      waso_min: 30,
      final_wake: '06:30',
      out_of_bed: '07:00',
      quality: Math.min(5, 2 + Math.floor(n / 9)),
    };
    const scored = scoreMeasure('diary', { timezone: zone, ...night });
    const value = scored.ok ? (scored.value as DiaryScore).nights[0] : undefined;
    if (!value) throw new Error('a demo diary night does not score');
    await store.outcomes.addDiaryNight({
      patient: code,
      date: night.date,
      answers_json: JSON.stringify(night),
      scores_json: JSON.stringify(value),
      entered_by: BY,
      entered_at: now,
    });
  }
  await store.outcomes.addCoTherapy({
    patient: code,
    what: 'melatonin',
    kind: 'medication',
    dose: '2 mg nightly',
    from_day: addDays(start, 7),
    to_day: addDays(start, 20),
    entered_by: BY,
    entered_at: now,
  });
}
