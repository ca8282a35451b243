import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerStore, repositories } from '../../../controller/store/repos.js';
import { storeKinds } from './stores.js';

describe.each(storeKinds)('outcome entries on $name', (kind) => {
  let repos: ControllerStore;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    const opened = await kind.open();
    repos = repositories(opened.store);
    dispose = opened.dispose;
    await repos.patients.create({ code: 'P-1', timezone: 'Europe/Berlin', unit: null, caregivers: [] }, 5);
    await repos.patients.create({ code: 'P-2', timezone: 'UTC', unit: null, caregivers: [] }, 5);
  });
  afterEach(async () => dispose());

  const entry = (patient: string, measure: 'psqi' | 'isi', taken_at: number, total: number) => ({
    patient,
    measure,
    answers_json: JSON.stringify({ i1: 1 }),
    scores_json: JSON.stringify({ total }),
    taken_at,
    entered_by: 'cara',
    entered_at: taken_at + 1,
  });

  it('keeps questionnaires per patient in the order taken, and the last of each measure', async () => {
    const first = await repos.outcomes.addQuestionnaire(entry('P-1', 'isi', 2000, 12));
    expect(first).toMatchObject({ measure: 'isi', taken_at: 2000, entered_at: 2001, entered_by: 'cara' });
    expect(typeof first.id).toBe('number');
    await repos.outcomes.addQuestionnaire(entry('P-1', 'isi', 1000, 15));
    await repos.outcomes.addQuestionnaire(entry('P-1', 'psqi', 3000, 9));
    await repos.outcomes.addQuestionnaire(entry('P-2', 'isi', 9000, 3));
    const isi = await repos.outcomes.questionnaires('P-1', { measure: 'isi' });
    expect(isi.map((r) => [r.taken_at, JSON.parse(r.scores_json).total])).toEqual([
      [1000, 15],
      [2000, 12],
    ]);
    expect(
      (await repos.outcomes.questionnaires('P-1', { from: 1500, to: 3000 })).map((r) => r.taken_at),
    ).toEqual([2000]);
    expect(await repos.outcomes.lastTaken('P-1')).toEqual({ isi: 2000, psqi: 3000 });
    expect(await repos.outcomes.lastTaken('P-3')).toEqual({});
  });

  it('keeps one diary entry per night, in date order', async () => {
    const night = (date: string, by = 'cara') => ({
      patient: 'P-1',
      date,
      answers_json: '{}',
      scores_json: '{}',
      entered_by: by,
      entered_at: 10,
    });
    expect(await repos.outcomes.lastDiaryNight('P-1')).toBeNull();
    expect(await repos.outcomes.addDiaryNight(night('2026-03-02'))).toBe(true);
    expect(await repos.outcomes.addDiaryNight(night('2026-03-01'))).toBe(true);
    expect(await repos.outcomes.addDiaryNight(night('2026-03-01', 'dan'))).toBe(false);
    expect(await repos.outcomes.addDiaryNight({ ...night('2026-03-01'), patient: 'P-2' })).toBe(true);
    const nights = await repos.outcomes.diaryNights('P-1');
    expect(nights.map((n) => [n.date, n.entered_by])).toEqual([
      ['2026-03-01', 'cara'],
      ['2026-03-02', 'cara'],
    ]);
    expect((await repos.outcomes.diaryNights('P-1', { from: '2026-03-02' })).length).toBe(1);
    expect(await repos.outcomes.lastDiaryNight('P-1')).toBe('2026-03-02');
  });

  it('records co-therapies and ends one, only the patient’s own', async () => {
    const t = await repos.outcomes.addCoTherapy({
      patient: 'P-1',
      what: 'melatonin',
      kind: 'medication',
      dose: '2 mg nightly',
      from_day: '2026-03-01',
      to_day: null,
      entered_by: 'cara',
      entered_at: 10,
    });
    expect(t).toMatchObject({ what: 'melatonin', dose: '2 mg nightly', to_day: null });
    expect(await repos.outcomes.endCoTherapy('P-2', t.id, '2026-03-20')).toBe(false);
    expect(await repos.outcomes.endCoTherapy('P-1', t.id, '2026-03-20')).toBe(true);
    expect(await repos.outcomes.coTherapy('P-1', t.id)).toMatchObject({ to_day: '2026-03-20' });
    expect(await repos.outcomes.coTherapy('P-2', t.id)).toBeUndefined();
    expect((await repos.outcomes.coTherapies('P-1')).length).toBe(1);
    expect(await repos.outcomes.coTherapies('P-2')).toEqual([]);
  });

  it('sets the programme days on the patient', async () => {
    expect(await repos.patients.get('P-1')).toMatchObject({ programme_start: null, programme_end: null });
    expect(await repos.outcomes.setProgramme('P-1', '2026-03-01', null)).toBe(true);
    expect(await repos.outcomes.setProgramme('P-9', '2026-03-01', null)).toBe(false);
    expect(await repos.patients.get('P-1')).toMatchObject({
      programme_start: '2026-03-01',
      programme_end: null,
    });
  });
});
