import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../controller/auth/users.js';
import type { RunningController } from '../../../controller/main.js';
import { alertServiceHooks, type OutcomeAlert } from '../../../controller/outcomes/alerts.js';
import { OverdueWatch } from '../../../controller/outcomes/overdue-watch.js';
import type { AuditEntry } from '../../../shared/api-people.js';
import { type Clock, VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { unitTopic } from '../../../shared/topics.js';
import { EPOCH, validPayloads } from '../../fixtures/payloads.js';
import { startTestController } from '../../helpers/controller.js';
import { tempPostgres } from '../../helpers/postgres.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { GOOD_SLEEPER } from '../outcomes/psqi-answers.js';

/** Entering outcome measures through the API, what they score, and what the patient page reads back. */

const databases = [
  { name: 'sqlite', open: async () => ({ url: undefined, drop: async () => {} }) },
  { name: 'postgres', open: async () => tempPostgres() },
] as const;

/** A clock whose time the test sets; its timers never fire (the controller's housekeeping stays still). */
function settableClock(start: number): Clock & { set(ms: number): void } {
  const timers = new VirtualClock(start);
  let now = start;
  return {
    now: () => now,
    monotonic: () => now,
    setTimeout: (fn, ms) => timers.setTimeout(fn, ms),
    setInterval: (fn, ms) => timers.setInterval(fn, ms),
    sleep: (ms, signal) => timers.sleep(ms, signal),
    set: (ms) => {
      now = ms;
    },
  };
}

/** 2026-03-DD at HH:MM UTC (Berlin is UTC+1 all March until the 29th). */
const march = (day: number, hour = 9, minute = 0) => Date.UTC(2026, 2, day, hour, minute);

/** PSQI worked example: C1 2, C2 1 (16 min → 1, + 5a 1 = 2 → 1), C3 1 (6.99 h), C4 0 (87.4 %), C5 2 (sum 10), C6 1, C7 2 (2 + 1) → 9. */
const PSQI_NINE = {
  ...GOOD_SLEEPER,
  latency_min: 16,
  q5a: 1,
  sleep_h: 6.99,
  q5b: 3,
  q5c: 3,
  q5d: 3,
  q5e: 1,
  q6: 2,
  q7: 1,
  q8: 2,
  q9: 1,
};
const ISI = (v: number) => Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((i) => [`i${i}`, v]));
const GAD7_TEN = { g1: 2, g2: 2, g3: 2, g4: 2, g5: 1, g6: 1, g7: 0 };
const PHQ9_ITEM9 = { p1: 0, p2: 0, p3: 0, p4: 0, p5: 0, p6: 0, p7: 0, p8: 0, p9: 1 };

/** Diary worked examples (Berlin): TIB, TST and SE by hand. */
const NIGHTS = [
  // 23:00 → 06:00 final wake (420 min) − 30 − 30 = 360 TST; TIB to 06:30 = 450; SE 80.0
  {
    date: '2026-03-01',
    bedtime: '23:00',
    sol_min: 30,
    awakenings: 1,
    waso_min: 30,
    final_wake: '06:00',
    out_of_bed: '06:30',
    quality: 2,
  },
  // 22:30 → 06:30 (480) − 60 − 30 = 390; TIB 510; SE 76.5
  {
    date: '2026-03-02',
    bedtime: '22:30',
    sol_min: 60,
    awakenings: 2,
    waso_min: 30,
    final_wake: '06:30',
    out_of_bed: '07:00',
    quality: 3,
  },
  // 23:00 → 07:00 (480) − 10 = 470; TIB 480; SE 97.9
  {
    date: '2026-03-20',
    bedtime: '23:00',
    sol_min: 10,
    awakenings: 0,
    waso_min: 0,
    final_wake: '07:00',
    out_of_bed: '07:00',
    quality: 4,
  },
];

describe.each(databases)('outcome measures through the API on $name', (database) => {
  const dir = tempDir();
  let dropDatabase: () => Promise<void> = async () => {};
  const clock = settableClock(Date.UTC(2026, 1, 28, 12));
  const alerts: OutcomeAlert[] = [];
  let alertsDown = false;
  let controller: RunningController;
  const session: Record<string, { cookie: string; csrf: string }> = {};

  function call(
    who: string | undefined,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
    csrf = true,
  ) {
    const s = who ? session[who] : undefined;
    const headers: Record<string, string> = {};
    if (s) headers.cookie = s.cookie;
    if (s && csrf) headers['x-csrf-token'] = s.csrf;
    return controller.http.app.inject({ method, url, payload, headers });
  }

  async function report(
    n: number,
    startedAt: number,
    endReason: string,
    baseline: number,
    calm: number | null,
  ) {
    const outcome = await controller.ingest.handle(
      unitTopic('bed-1', 'session/report'),
      Buffer.from(
        JSON.stringify({
          ...validPayloads['session/report'],
          epoch: EPOCH,
          seq: 100 + n,
          ts: startedAt + 2_700_000,
          session_id: `s-${n}`,
          started_at: startedAt,
          ended_at: startedAt + 2_700_000,
          duration_s: 2700,
          end_reason: endReason,
          baseline_bpm: baseline,
          calm_point_s: calm,
        }),
      ),
    );
    expect(outcome).toBe('stored');
  }

  beforeAll(async () => {
    const db = await database.open();
    dropDatabase = db.drop;
    controller = await startTestController(dir.path, undefined, {
      clock,
      ...(db.url ? { db: db.url } : {}),
      // The test moves a month through the programme with the same sign-ins.
      sessionLimits: { idleMs: 100 * 86_400_000, absoluteMs: 100 * 86_400_000 },
      outcomeHooks: {
        onSelfHarm: (a) => {
          if (alertsDown) throw new Error('alerts engine down');
          alerts.push(a);
        },
        // Entries re-check the patient's overdue measures; what that hands over is tested below.
        onOverdue: () => {},
      },
    });
    for (const [username, role] of [
      ['ada', 'admin'],
      ['cara', 'caregiver'],
      ['dan', 'caregiver'],
      ['vic', 'viewer'],
    ] as const) {
      const issued = await createUser(controller.store, clock, username, role);
      const res = await controller.http.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username, password: issued?.password },
      });
      expect(res.statusCode).toBe(200);
      session[username] = {
        cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
        csrf: res.json<{ csrf_token: string }>().csrf_token,
      };
    }
    await controller.store.patients.create(
      { code: 'P-1', timezone: 'Europe/Berlin', unit: 'bed-1', caregivers: ['cara', 'vic'] },
      clock.now(),
    );
    await controller.store.patients.create(
      { code: 'P-2', timezone: 'UTC', unit: 'bed-2', caregivers: ['dan'] },
      clock.now(),
    );
  });
  afterAll(async () => {
    await controller?.stop();
    await dropDatabase();
    dir.remove();
  });

  const writes = [
    { method: 'POST', path: 'questionnaires', body: { measure: 'isi', answers: ISI(1) } },
    { method: 'POST', path: 'diary', body: NIGHTS[0] },
    { method: 'POST', path: 'co-therapies', body: { what: 'yoga', kind: 'other', from: '2026-03-01' } },
    { method: 'PATCH', path: 'co-therapies/1', body: { to: '2026-03-02' } },
    { method: 'PUT', path: 'programme', body: { start: '2026-03-01' } },
  ] as const;
  const reads = [
    'questionnaires',
    'diary',
    'co-therapies',
    'programme',
    'trends',
    'response-summary',
    'reminders',
  ] as const;

  it('refuses the anonymous (401), viewers writing (403), writes without CSRF (403) and other caregivers’ patients (404)', async () => {
    for (const w of writes) {
      const url = `/api/patients/P-1/${w.path}`;
      const anonymous = await call(undefined, w.method, url, w.body);
      expect([url, anonymous.statusCode, anonymous.json().code]).toEqual([url, 401, 'E_UNAUTHENTICATED']);
      const viewer = await call('vic', w.method, url, w.body);
      expect([url, viewer.statusCode, viewer.json().code]).toEqual([url, 403, 'E_FORBIDDEN']);
      const noCsrf = await call('cara', w.method, url, w.body, false);
      expect([url, noCsrf.statusCode, noCsrf.json().code]).toEqual([url, 403, 'E_CSRF']);
      const theirs = await call('dan', w.method, url, w.body);
      expect([url, theirs.statusCode, theirs.json()]).toEqual([
        url,
        404,
        { code: 'E_NOT_FOUND', message: 'no patient P-1' },
      ]);
    }
    for (const path of reads) {
      const url = `/api/patients/P-1/${path}`;
      expect([url, (await call(undefined, 'GET', url)).statusCode]).toEqual([url, 401]);
      expect([url, (await call('dan', 'GET', url)).statusCode]).toEqual([url, 404]);
      expect([url, (await call('vic', 'GET', url)).statusCode]).toEqual([url, 200]);
    }
    expect((await call(undefined, 'GET', '/api/outcomes/items')).statusCode).toBe(401);
    const items = await call('vic', 'GET', '/api/outcomes/items');
    expect(items.json().phq9.p9).toEqual({
      label: 'item 9: self-harm thoughts (required: it raises the caregiver alert)',
      text: null,
    });
    // Nothing was stored by any refused request.
    expect(await controller.store.outcomes.questionnaires('P-1')).toEqual([]);
    expect(await controller.store.outcomes.diaryNights('P-1')).toEqual([]);
    expect(await controller.store.outcomes.coTherapies('P-1')).toEqual([]);
  });

  it('refuses impossible answers with 400 E_BAD_REQUEST and one `path: message` line per problem', async () => {
    const url = '/api/patients/P-1/questionnaires';
    const outOfRange = await call('cara', 'POST', url, {
      measure: 'psqi',
      answers: { ...GOOD_SLEEPER, q6: 4, q5b: -1 },
    });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json()).toEqual({
      code: 'E_BAD_REQUEST',
      message:
        'answers.q5b: expected a whole number from 0 to 3\nanswers.q6: expected a whole number from 0 to 3',
    });
    const tooMuchSleep = await call('cara', 'POST', url, {
      measure: 'psqi',
      answers: { ...GOOD_SLEEPER, sleep_h: 9 },
    });
    expect(tooMuchSleep.json()).toEqual({
      code: 'E_BAD_REQUEST',
      message: 'answers.sleep_h: 9 h of sleep is more than the 8 h in bed from 23:00 to 07:00',
    });
    const unknownItem = await call('cara', 'POST', url, { measure: 'isi', answers: { ...ISI(1), i8: 2 } });
    expect(unknownItem.statusCode).toBe(400);
    expect(unknownItem.json().message).toMatch(/^answers: .*i8/);
    const noItem9 = await call('cara', 'POST', url, { measure: 'phq9', answers: { p1: 1 } });
    expect(noItem9.statusCode).toBe(400);
    expect(noItem9.json().message).toMatch(/^answers\.p9: /);
    const noMeasure = await call('cara', 'POST', url, { measure: 'bdi', answers: {} });
    expect(noMeasure.statusCode).toBe(400);
    expect(noMeasure.json().message).toMatch(/^measure: /);

    // More time awake than the night held: found by scoring in the patient's zone.
    const night = await call('cara', 'POST', '/api/patients/P-1/diary', { ...NIGHTS[0], sol_min: 400 });
    expect(night.json()).toEqual({
      code: 'E_BAD_REQUEST',
      message: 'sol_min: sol_min + waso_min (430 min) exceed the 420 min from bedtime to final wake',
    });
    const badTime = await call('cara', 'POST', '/api/patients/P-1/diary', { ...NIGHTS[0], bedtime: '25:00' });
    expect(badTime.json()).toEqual({
      code: 'E_BAD_REQUEST',
      message: 'bedtime: expected a time HH:MM from 00:00 to 23:59',
    });
    const noDose = await call('cara', 'POST', '/api/patients/P-1/co-therapies', {
      what: 'zolpidem',
      kind: 'medication',
      from: '2026-03-01',
    });
    expect(noDose.json()).toEqual({ code: 'E_BAD_REQUEST', message: 'dose: a medication needs its dose' });
    const backwards = await call('cara', 'PUT', '/api/patients/P-1/programme', {
      start: '2026-03-10',
      end: '2026-03-01',
    });
    expect(backwards.json()).toEqual({
      code: 'E_BAD_REQUEST',
      message: 'end: ends (2026-03-01) before it starts (2026-03-10)',
    });
    const future = await call('cara', 'POST', url, {
      measure: 'isi',
      answers: ISI(1),
      taken_at: clock.now() + 3_600_000,
    });
    expect(future.json()).toEqual({ code: 'E_BAD_REQUEST', message: 'taken_at: in the future' });
    // 28 February, noon: the night of the 28th has not ended yet.
    const tonight = await call('cara', 'POST', '/api/patients/P-1/diary', {
      ...NIGHTS[0],
      date: '2026-02-28',
    });
    expect(tonight.json()).toEqual({
      code: 'E_BAD_REQUEST',
      message: 'date: the night of 2026-02-28 has not ended yet',
    });
    expect(await controller.store.outcomes.questionnaires('P-1')).toEqual([]);
    expect(await controller.store.outcomes.diaryNights('P-1')).toEqual([]);
  });

  it('scores each questionnaire on entry, exactly, stores it with its answers and audits it', async () => {
    const url = '/api/patients/P-1/questionnaires';
    clock.set(march(1, 10));
    const psqi = await call('cara', 'POST', url, {
      measure: 'psqi',
      answers: PSQI_NINE,
      taken_at: march(1, 8),
    });
    expect(psqi.statusCode).toBe(201);
    expect(psqi.json()).toMatchObject({
      patient: 'P-1',
      measure: 'psqi',
      answers: PSQI_NINE,
      scores: { components: { c1: 2, c2: 1, c3: 1, c4: 0, c5: 2, c6: 1, c7: 2 }, global: 9 },
      taken_at: march(1, 8),
      entered_by: 'cara',
      entered_at: march(1, 10),
    });
    // A missing item makes its component and the global null, never 0.
    const partial = await call('ada', 'POST', url, {
      measure: 'psqi',
      answers: { ...PSQI_NINE, q6: null },
      taken_at: march(1, 9),
    });
    expect(partial.json().scores).toEqual({
      components: { c1: null, c2: 1, c3: 1, c4: 0, c5: 2, c6: 1, c7: 2 },
      global: null,
    });
    clock.set(march(2, 10));
    const isi = await call('cara', 'POST', url, { measure: 'isi', answers: ISI(2) });
    expect(isi.json()).toMatchObject({ scores: { total: 14, band: 'subthreshold' }, taken_at: march(2, 10) });
    const gad7 = await call('cara', 'POST', url, { measure: 'gad7', answers: GAD7_TEN });
    expect(gad7.json().scores).toEqual({ total: 10, band: 'moderate' });
    expect(alerts).toEqual([]);

    const phq9 = await call('cara', 'POST', url, { measure: 'phq9', answers: PHQ9_ITEM9 });
    expect(phq9.json().scores).toEqual({ total: 1, band: 'minimal', self_harm_flag: true });
    // Item 9 above 0, total 1: a high-severity alert at once, before the answer came back.
    expect(alerts).toEqual([
      expect.objectContaining({
        patient: 'P-1',
        kind: 'phq9_self_harm',
        severity: 'high',
        detail: expect.objectContaining({ entry_id: phq9.json().id, item9: 1, total: 1 }),
      }),
    ]);
    alerts.length = 0;
    const phq9Zero = await call('cara', 'POST', url, {
      measure: 'phq9',
      answers: { ...PHQ9_ITEM9, p9: 0, p1: 3 },
      taken_at: march(2, 9, 30),
    });
    expect(phq9Zero.json().scores).toEqual({ total: 3, band: 'minimal', self_harm_flag: false });
    expect(alerts).toEqual([]);

    clock.set(march(20, 10));
    await call('cara', 'POST', url, { measure: 'isi', answers: ISI(1) });
    clock.set(march(27, 10));
    await call('cara', 'POST', url, { measure: 'psqi', answers: GOOD_SLEEPER });

    const listed = await call('vic', 'GET', `${url}?measure=isi`);
    expect(listed.json().map((e: { scores: { total: number } }) => e.scores.total)).toEqual([14, 7]);
    expect((await call('vic', 'GET', url)).json()).toHaveLength(8);

    const audit = (await call('cara', 'GET', '/api/audit')).json<AuditEntry[]>();
    const entries = audit.filter((e) => e.action === 'questionnaire.entry');
    expect(entries).toHaveLength(8);
    expect(entries.every((e) => e.patient === 'P-1' && e.outcome === 'ok')).toBe(true);
    expect(entries.find((e) => e.detail.measure === 'phq9' && e.detail.alert)).toMatchObject({
      actor: 'cara',
      detail: { alert: 'phq9_self_harm', scores: { total: 1 } },
    });
  });

  it('stores diary nights scored in the patient’s zone, one per night, with the weekly means', async () => {
    for (const night of NIGHTS) {
      const res = await call('cara', 'POST', '/api/patients/P-1/diary', night);
      expect(res.statusCode).toBe(201);
    }
    const again = await call('cara', 'POST', '/api/patients/P-1/diary', NIGHTS[0]);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('E_CONFLICT');
    const diary = (await call('vic', 'GET', '/api/patients/P-1/diary')).json();
    expect(diary.timezone).toBe('Europe/Berlin');
    expect(diary.nights.map((n: { scores: object }) => n.scores)).toEqual([
      {
        date: '2026-03-01',
        tib_min: 450,
        tst_min: 360,
        sol_min: 30,
        waso_min: 30,
        awakenings: 1,
        se_pct: 80,
        quality: 2,
      },
      {
        date: '2026-03-02',
        tib_min: 510,
        tst_min: 390,
        sol_min: 60,
        waso_min: 30,
        awakenings: 2,
        se_pct: 76.5,
        quality: 3,
      },
      {
        date: '2026-03-20',
        tib_min: 480,
        tst_min: 470,
        sol_min: 10,
        waso_min: 0,
        awakenings: 0,
        se_pct: 97.9,
        quality: 4,
      },
    ]);
    // 1 March 2026 is a Sunday (2026-W09); 2 March a Monday (W10).
    expect(
      diary.weeks.map((w: { week: string; nights: number; tst_min: number }) => [
        w.week,
        w.nights,
        w.tst_min,
      ]),
    ).toEqual([
      ['2026-W09', 1, 360],
      ['2026-W10', 1, 390],
      ['2026-W12', 1, 470],
    ]);
    const audit = (await call('ada', 'GET', '/api/audit')).json<AuditEntry[]>();
    expect(
      audit
        .filter((e) => e.action === 'diary.entry')
        .map((e) => e.outcome)
        .sort(),
    ).toEqual(['failed', 'ok', 'ok', 'ok']);
  });

  it('records co-therapies and ends one; the programme start is set and audited', async () => {
    const url = '/api/patients/P-1/co-therapies';
    const melatonin = await call('cara', 'POST', url, {
      what: 'melatonin',
      kind: 'medication',
      dose: '2 mg nightly',
      from: '2026-03-05',
    });
    expect(melatonin.statusCode).toBe(201);
    expect(melatonin.json()).toMatchObject({
      what: 'melatonin',
      kind: 'medication',
      dose: '2 mg nightly',
      from: '2026-03-05',
      to: null,
      entered_by: 'cara',
    });
    const acu = (
      await call('cara', 'POST', url, { what: 'acupuncture', kind: 'acupuncture', from: '2026-03-10' })
    ).json();
    const early = await call('cara', 'PATCH', `${url}/${acu.id}`, { to: '2026-03-09' });
    expect(early.json()).toEqual({
      code: 'E_BAD_REQUEST',
      message: 'to: ends (2026-03-09) before it starts (2026-03-10)',
    });
    const ended = await call('cara', 'PATCH', `${url}/${acu.id}`, { to: '2026-03-12' });
    expect(ended.json()).toMatchObject({ id: acu.id, to: '2026-03-12' });
    expect((await call('cara', 'PATCH', `${url}/99999`, { to: '2026-03-12' })).statusCode).toBe(404);
    // Another patient's co-therapy is not reachable through this patient.
    const yoga = (
      await call('dan', 'POST', '/api/patients/P-2/co-therapies', {
        what: 'yoga',
        kind: 'other',
        from: '2026-03-01',
      })
    ).json();
    expect((await call('cara', 'PATCH', `${url}/${yoga.id}`, { to: '2026-03-12' })).statusCode).toBe(404);
    expect((await call('vic', 'GET', url)).json().map((t: { what: string }) => t.what)).toEqual([
      'melatonin',
      'acupuncture',
    ]);

    // Until a start is set the programme starts on the day the patient was created (28 February).
    expect((await call('vic', 'GET', '/api/patients/P-1/programme')).json()).toEqual({
      start: '2026-02-28',
      end: null,
    });
    const set = await call('cara', 'PUT', '/api/patients/P-1/programme', { start: '2026-03-01' });
    expect(set.json()).toEqual({ start: '2026-03-01', end: null });
    const audit = (await call('ada', 'GET', '/api/audit')).json<AuditEntry[]>();
    expect(audit.find((e) => e.action === 'programme.set')).toMatchObject({
      actor: 'cara',
      patient: 'P-1',
      detail: { start: '2026-03-01', previous: { start: '2026-02-28' } },
    });
    expect(
      audit
        .filter((e) => e.action === 'co_therapy.end')
        .map((e) => e.outcome)
        .sort(),
    ).toEqual(['failed', 'ok']);
  });

  it('shows the trends, the response summary and the due reminders beside what the unit measured', async () => {
    // Night of 1 March: a session at 22:00 Berlin ran its course, one at 00:30 was stopped by the button.
    await report(1, march(1, 21), 'timer', 70, 600);
    await report(2, march(1, 23, 30), 'button', 72, null);
    await report(3, march(20, 21), 'calm', 62, 420);
    await controller.ingest.flush();
    clock.set(march(28, 10));

    const trends = (await call('vic', 'GET', '/api/patients/P-1/trends')).json();
    expect(trends.programme).toEqual({ start: '2026-03-01', end: null });
    expect(
      trends.questionnaires.psqi.map((p: { day: string; value: number | null }) => [p.day, p.value]),
    ).toEqual([
      ['2026-03-01', 9],
      ['2026-03-01', null],
      ['2026-03-27', 0],
    ]);
    expect(trends.questionnaires.isi.map((p: { value: number }) => p.value)).toEqual([14, 7]);
    expect(trends.questionnaires.phq9.map((p: { value: number }) => p.value)).toEqual([3, 1]);
    expect(
      trends.diary_weeks.map((w: { week: string; sol_min: number; se_pct: number }) => [
        w.week,
        w.sol_min,
        w.se_pct,
      ]),
    ).toEqual([
      ['2026-W09', 30, 80],
      ['2026-W10', 60, 76.5],
      ['2026-W12', 10, 97.9],
    ]);
    expect(trends.unit_nights).toEqual([
      {
        night: '2026-03-01',
        sessions: 2,
        completed: 1,
        completion: 1,
        baseline_bpm: 71,
        calm_point_s: 600,
      },
      {
        night: '2026-03-20',
        sessions: 1,
        completed: 1,
        completion: 1,
        baseline_bpm: 62,
        calm_point_s: 420,
      },
    ]);
    expect(trends.co_therapies.map((t: { what: string }) => t.what)).toEqual(['melatonin', 'acupuncture']);

    const summary = (await call('vic', 'GET', '/api/patients/P-1/response-summary')).json();
    expect(summary.programme).toEqual({ start: '2026-03-01', end: '2026-03-28' });
    expect(summary.first_weeks).toEqual({ from: '2026-03-01', to: '2026-03-14' });
    expect(summary.last_weeks).toEqual({ from: '2026-03-15', to: '2026-03-28' });
    expect(summary.measures).toEqual({
      psqi_global: { first: { mean: 9, n: 1 }, last: { mean: 0, n: 1 }, change: -9 },
      isi_total: { first: { mean: 14, n: 1 }, last: { mean: 7, n: 1 }, change: -7 },
      gad7_total: { first: { mean: 10, n: 1 }, last: { mean: null, n: 0 }, change: null },
      phq9_total: { first: { mean: 2, n: 2 }, last: { mean: null, n: 0 }, change: null },
      diary_sol_min: { first: { mean: 45, n: 2 }, last: { mean: 10, n: 1 }, change: -35 },
      diary_tst_min: { first: { mean: 375, n: 2 }, last: { mean: 470, n: 1 }, change: 95 },
      baseline_bpm: { first: { mean: 71, n: 1 }, last: { mean: 62, n: 1 }, change: -9 },
      calm_point_s: { first: { mean: 600, n: 1 }, last: { mean: 420, n: 1 }, change: -180 },
    });
    expect(summary.reads_as).toBe('music with melatonin (2 mg nightly) and acupuncture');

    // 28 March: PSQI taken on the 27th (next 24 April), ISI on the 20th (3 April); GAD-7 and PHQ-9
    // last on 2 March were due on the 16th; the diary's last night, the 20th, made the 21st due on the 22nd.
    const reminders = (await call('vic', 'GET', '/api/patients/P-1/reminders')).json();
    expect(
      reminders.map((r: { measure: string; due_on: string; status: string; days_overdue: number }) => [
        r.measure,
        r.due_on,
        r.status,
        r.days_overdue,
      ]),
    ).toEqual([
      ['psqi', '2026-04-24', 'not_due', 0],
      ['isi', '2026-04-03', 'not_due', 0],
      ['gad7', '2026-03-16', 'overdue', 12],
      ['phq9', '2026-03-16', 'overdue', 12],
      ['diary', '2026-03-22', 'overdue', 6],
    ]);
    // The overview carries each patient's reminders.
    const overview = (await call('cara', 'GET', '/api/patients')).json();
    expect(overview.map((p: { code: string }) => p.code)).toEqual(['P-1']);
    expect(overview[0].reminders).toEqual(reminders);
  });

  it('exports the scores, the diary and the co-therapies as their own sections, CSV and JSON, audited', async () => {
    const url = '/api/patients/P-1/export';
    const diaryCsv = await call('cara', 'GET', `${url}?section=diary&format=csv`);
    expect(diaryCsv.statusCode).toBe(200);
    expect(diaryCsv.headers['content-disposition']).toBe('attachment; filename="nocturne-P-1-diary.csv"');
    expect(diaryCsv.body.split('\r\n')).toEqual([
      'patient,date,bedtime,sol_min,awakenings,waso_min,final_wake,out_of_bed,quality,tib_min,tst_min,se_pct,entered_by,entered_at',
      `P-1,2026-03-01,23:00,30,1,30,06:00,06:30,2,450,360,80,cara,${march(27, 10)}`,
      `P-1,2026-03-02,22:30,60,2,30,06:30,07:00,3,510,390,76.5,cara,${march(27, 10)}`,
      `P-1,2026-03-20,23:00,10,0,0,07:00,07:00,4,480,470,97.9,cara,${march(27, 10)}`,
      '',
    ]);
    // from/to (ms) select the nights whose date falls in those days, in the patient's zone.
    const some = await call(
      'cara',
      'GET',
      `${url}?section=diary&format=json&from=${march(1, 23)}&to=${march(19, 23)}`,
    );
    expect(some.json().map((n: { date: string }) => n.date)).toEqual(['2026-03-02']);

    const scores = (await call('cara', 'GET', `${url}?section=questionnaires&format=json`)).json();
    expect(scores).toHaveLength(8);
    expect(scores[0]).toEqual({
      patient: 'P-1',
      id: expect.any(Number),
      measure: 'psqi',
      taken_at: march(1, 8),
      total: 9,
      band: null,
      self_harm_flag: null,
      psqi_c1: 2,
      psqi_c2: 1,
      psqi_c3: 1,
      psqi_c4: 0,
      psqi_c5: 2,
      psqi_c6: 1,
      psqi_c7: 2,
      answers: JSON.stringify(PSQI_NINE),
      entered_by: 'cara',
      entered_at: march(1, 10),
    });
    expect(
      scores.find((r: { measure: string; total: number }) => r.measure === 'phq9' && r.total === 1),
    ).toMatchObject({
      band: 'minimal',
      self_harm_flag: true,
      psqi_c1: null,
    });
    const scoresCsv = (await call('cara', 'GET', `${url}?section=questionnaires&format=csv`)).body.split(
      '\r\n',
    );
    expect(scoresCsv[0]).toBe(
      'patient,id,measure,taken_at,total,band,self_harm_flag,psqi_c1,psqi_c2,psqi_c3,psqi_c4,psqi_c5,psqi_c6,psqi_c7,answers,entered_by,entered_at',
    );
    expect(scoresCsv[4]).toMatch(/^P-1,\d+,isi,\d+,14,subthreshold,,,,,,,,,"{""i1"":2,/);

    // Free text a spreadsheet would run as a formula is defused.
    await call('cara', 'POST', '/api/patients/P-1/co-therapies', {
      what: '=HYPERLINK("x")',
      kind: 'other',
      from: '2026-03-25',
    });
    const therapies = (await call('cara', 'GET', `${url}?section=co_therapies&format=csv`)).body.split(
      '\r\n',
    );
    expect(therapies.slice(0, 2)).toEqual([
      'patient,id,what,kind,dose,from,to,entered_by,entered_at',
      expect.stringMatching(/^P-1,\d+,melatonin,medication,2 mg nightly,2026-03-05,,cara,\d+$/),
    ]);
    expect(therapies[3]).toMatch(/^P-1,\d+,"'=HYPERLINK\(""x""\)",other,,2026-03-25,,cara,\d+$/);
    // Co-therapies that overlap the range: acupuncture (10–12 March) ended before the 20th.
    const overlapping = await call(
      'cara',
      'GET',
      `${url}?section=co_therapies&format=json&from=${march(20, 0)}`,
    );
    expect(overlapping.json().map((t: { what: string }) => t.what)).toEqual(['melatonin', '=HYPERLINK("x")']);

    // The samples stay the default section, and viewers export nothing.
    expect((await call('cara', 'GET', `${url}?format=json`)).json()).toEqual([]);
    expect((await call('vic', 'GET', `${url}?section=diary&format=json`)).statusCode).toBe(403);
    const audit = (await call('ada', 'GET', '/api/audit')).json<AuditEntry[]>();
    expect(
      audit.find((e) => e.action === 'export' && e.detail.section === 'diary' && e.detail.format === 'csv'),
    ).toMatchObject({
      actor: 'cara',
      patient: 'P-1',
      detail: { format: 'csv', rows: 3 },
    });
  });

  it('OpenAPI describes every outcome route with its body and answer', async () => {
    const doc = (await call(undefined, 'GET', '/api/openapi.json')).json<{
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    }>();
    const expected = {
      '/api/patients/{code}/questionnaires': ['get', 'post'],
      '/api/patients/{code}/diary': ['get', 'post'],
      '/api/patients/{code}/co-therapies': ['get', 'post'],
      '/api/patients/{code}/co-therapies/{id}': ['patch'],
      '/api/patients/{code}/programme': ['get', 'put'],
      '/api/patients/{code}/trends': ['get'],
      '/api/patients/{code}/response-summary': ['get'],
      '/api/patients/{code}/reminders': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) {
        const op = doc.paths[path]?.[method];
        expect([path, method, op?.responses['200'] ?? op?.responses['201']]).toEqual([
          path,
          method,
          expect.anything(),
        ]);
        if (method !== 'get')
          expect([path, method, op?.requestBody]).toEqual([path, method, expect.anything()]);
      }
    }
    const body = JSON.stringify(doc.paths['/api/patients/{code}/questionnaires']?.post?.requestBody);
    for (const item of ['q5j_described', 'i7', 'g7', 'p9']) expect(body).toContain(item);
  });

  it('hands every patient’s overdue measures to the hook on each check', async () => {
    const handed: [string, OutcomeAlert[]][] = [];
    const watch = new OverdueWatch(
      controller.store,
      clock,
      { onOverdue: (patient, list) => void handed.push([patient, [...list]]) },
      silentLogger(),
    );
    expect(await watch.check()).toBe(8);
    const alerts = handed.flatMap(([, list]) => list);
    expect(handed.map(([patient]) => patient)).toEqual(['P-1', 'P-2']);
    expect(alerts.map((a) => [a.patient, a.kind, a.severity, a.detail.measure, a.detail.due_on])).toEqual([
      ['P-1', 'outcome_overdue', 'warning', 'gad7', '2026-03-16'],
      ['P-1', 'outcome_overdue', 'warning', 'phq9', '2026-03-16'],
      ['P-1', 'outcome_overdue', 'warning', 'diary', '2026-03-22'],
      // P-2 never had its baselines: each was due on the day it was created, the diary the day after.
      ['P-2', 'outcome_overdue', 'warning', 'psqi', '2026-02-28'],
      ['P-2', 'outcome_overdue', 'warning', 'isi', '2026-02-28'],
      ['P-2', 'outcome_overdue', 'warning', 'gad7', '2026-02-28'],
      ['P-2', 'outcome_overdue', 'warning', 'phq9', '2026-02-28'],
      ['P-2', 'outcome_overdue', 'warning', 'diary', '2026-03-01'],
    ]);
    // The keys stay while the measure stays overdue, so the engine keeps one alert per measure.
    handed.length = 0;
    expect(await watch.check()).toBe(8);
    expect(handed.flatMap(([, list]) => list.map((a) => a.key))).toEqual(alerts.map((a) => a.key));

    // Once a programme has ended nothing is due for it any more.
    const ended = await call('dan', 'PUT', '/api/patients/P-2/programme', {
      start: '2026-02-28',
      end: '2026-03-10',
    });
    expect(ended.json()).toEqual({ start: '2026-02-28', end: '2026-03-10' });
    expect((await call('dan', 'GET', '/api/patients/P-2/reminders')).json()).toEqual([]);
    handed.length = 0;
    expect(await watch.check()).toBe(3);
    expect(handed.map(([patient, list]) => [patient, list.length])).toEqual([
      ['P-1', 3],
      ['P-2', 0],
    ]);

    // An alerts engine that fails does not lose the entry (nor invite a second one): 201, stored, logged.
    alertsDown = true;
    const phq9 = await call('cara', 'POST', '/api/patients/P-1/questionnaires', {
      measure: 'phq9',
      answers: { ...PHQ9_ITEM9, p9: 2 },
    });
    alertsDown = false;
    expect(phq9.statusCode).toBe(201);
    expect(phq9.json().scores.self_harm_flag).toBe(true);
    expect((await controller.store.outcomes.questionnaires('P-1', { measure: 'phq9' })).length).toBe(3);
  });
});

describe('outcome alerts through the alerts engine (the default wiring)', () => {
  const dir = tempDir();
  const clock = settableClock(march(10, 9));
  let controller: RunningController;
  afterAll(async () => {
    await controller?.stop();
    dir.remove();
  });

  it('a PHQ-9 with item 9 at 1 is a high alert for the patient’s caregivers at once; an overdue measure a warning', async () => {
    controller = await startTestController(dir.path, undefined, { clock });
    const issued = await createUser(controller.store, clock, 'cara', 'caregiver');
    const login = await controller.http.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'cara', password: issued?.password },
    });
    const headers = {
      cookie: String(login.headers['set-cookie']).split(';')[0] ?? '',
      'x-csrf-token': login.json<{ csrf_token: string }>().csrf_token,
    };
    await controller.store.patients.create(
      { code: 'P-1', timezone: 'UTC', unit: null, caregivers: ['cara'] },
      march(1),
    );
    const entry = await controller.http.app.inject({
      method: 'POST',
      url: '/api/patients/P-1/questionnaires',
      headers,
      payload: { measure: 'phq9', answers: PHQ9_ITEM9 },
    });
    expect(entry.statusCode).toBe(201);
    // The entry re-checked the patient's reminders too: created on 1 March, by the 10th the PSQI,
    // ISI and GAD-7 baselines and the diary are overdue (warnings); the PHQ-9 itself is a high alert.
    const list = () =>
      controller.http.app.inject({ method: 'GET', url: '/api/patients/P-1/alerts', headers });
    const alerts = (await list()).json();
    expect(alerts.find((a: { kind: string }) => a.kind === 'phq9_self_harm')).toEqual(
      expect.objectContaining({
        patient: 'P-1',
        severity: 'high',
        status: 'open',
        detail: expect.objectContaining({ entry_id: entry.json().id, item9: 1 }),
      }),
    );
    expect(alerts.map((a: { kind: string; severity: string }) => `${a.kind}:${a.severity}`).sort()).toEqual([
      'outcome_overdue:warning',
      'outcome_overdue:warning',
      'outcome_overdue:warning',
      'outcome_overdue:warning',
      'phq9_self_harm:high',
    ]);
    // The hourly check finds the same four, and the engine keeps them as four alerts, not eight.
    const watch = new OverdueWatch(
      controller.store,
      clock,
      alertServiceHooks(controller.http.alerts),
      silentLogger(),
    );
    expect(await watch.check()).toBe(4);
    expect((await list()).json()).toHaveLength(5);
    // Entering the PSQI clears its overdue alert at once; the others stay.
    await controller.http.app.inject({
      method: 'POST',
      url: '/api/patients/P-1/questionnaires',
      headers,
      payload: { measure: 'psqi', answers: GOOD_SLEEPER },
    });
    const active = (await list()).json();
    expect(active.map((a: { detail: { measure?: string } }) => a.detail.measure ?? 'phq9').sort()).toEqual([
      'diary',
      'gad7',
      'isi',
      'phq9',
    ]);
  });
});
