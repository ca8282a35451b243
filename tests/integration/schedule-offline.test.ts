import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningController } from '../../controller/main.js';
import { nightOf } from '../../controller/outcomes/local-time.js';
import { type RunningUnit, startUnit } from '../../device/main.js';
import { entryProgram } from '../../device/schedule/entry-program.js';
import { Outbox } from '../../device/telemetry/outbox.js';
import { StateDir } from '../../device/telemetry/state-dir.js';
import type { NightsView } from '../../shared/api-dashboard.js';
import { createLogger, silentLogger } from '../../shared/log.js';
import { nextOccurrenceAfter } from '../../shared/schedule-expansion.js';
import type { ProgramConfig } from '../../shared/schemas/program-params.js';
import { paramsHash } from '../../shared/schemas/protocol.js';
import { type ScheduleEntry, scheduleSchema, type Weekday } from '../../shared/schemas/schedule.js';
import { noFingerPorts } from '../fakes/no-finger-pulse.js';
import { SteppingScaledClock } from '../fakes/stepping-clock.js';
import { getJson, startTestController } from '../helpers/controller.js';
import { Mosquitto } from '../helpers/mosquitto.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/** 200×: a 20-minute session takes 6 s. The idle day between two nights is skipped by a clock step. */
const SPEED = 200;
const UNIT = 'bed-9';
const ZONE = 'Europe/Berlin';
const MIN = 60_000;
const DAILY: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

describe('a schedule the unit keeps offline', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('runs three nights on its own clock with the broker gone; every session and miss reaches the controller', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const mosquitto = await Mosquitto.start({ persistence: true });
    cleanups.push(() => mosquitto.dispose());
    const controller: RunningController = await startTestController(dir.path, {
      kind: 'external',
      url: mosquitto.url,
    });
    cleanups.push(() => controller.stop());
    // The unit is a patient's, so its nights are on the dashboard's nights API.
    await controller.store.patients.create({ code: 'P-9', timezone: ZONE, unit: UNIT, caregivers: [] }, 0);
    let clock: SteppingScaledClock | undefined;
    const stateDir = join(dir.path, 'unit');
    const unit: RunningUnit = await startUnit({
      id: UNIT,
      brokerUrl: mosquitto.url,
      speed: SPEED,
      stateDir,
      profile: 'typical',
      log: process.env.DEBUG_SCHED ? createLogger('unit', 'info') : silentLogger(),
      // No finger on the sensor: the simulated waveform would be generated for every skipped day.
      buildPorts: noFingerPorts,
      clock: (startMs) => {
        clock = new SteppingScaledClock(SPEED, startMs);
        return clock;
      },
    });
    let unitStopped = false;
    cleanups.push(async () => {
      if (!unitStopped) await unit.stop();
    });
    const unitClock = clock as SteppingScaledClock;
    const ended: string[] = [];
    unit.unit.onSessionEnded((s) => ended.push(s.sessionId));
    await waitFor(
      'the unit online',
      async () => (await controller.store.units.get(UNIT))?.online === 1 || undefined,
    );

    // Nightly at "bedtime" (10 min of unit time from now), and a 4-hours-later start with no grace
    // that the skipped day passes by: it must be recorded missed, not dropped.
    const local = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat('HH:mm');
    const bedtime = local(unitClock.now() + 10 * MIN);
    const body = {
      timezone: ZONE,
      entries: [
        { days: DAILY, time: bedtime, duration_min: 20 },
        { days: DAILY, time: local(unitClock.now() + 250 * MIN), duration_min: 20, grace_min: 0 },
      ],
    };
    const published = await controller.publisher.setSchedule(UNIT, body);
    await waitFor(
      'the schedule applied',
      async () =>
        (await controller.store.control.schedule(UNIT))?.applied_version === published.version || undefined,
    );

    await mosquitto.stop();
    const schedule = scheduleSchema.parse(published);
    for (let night = 1; night <= 3; night++) {
      await waitFor(`night ${night}'s session`, async () => ended.length >= night || undefined, 30_000);
      if (night === 3) break;
      // Skip the day: to 5 min before the next bedtime, passing the 4-hours-later start by.
      const now = unitClock.now();
      let next = nextOccurrenceAfter(schedule, now);
      while (next && next.entry_index !== 0) next = nextOccurrenceAfter(schedule, next.at);
      unitClock.step((next?.at ?? now) - 5 * MIN - now);
    }
    await mosquitto.restart();

    // The three sessions (report and all) and the two misses reach the controller...
    const epoch = readFileSync(join(stateDir, 'epoch'), 'utf8').trim();
    const stored = await waitFor(
      'three reports and two misses at the controller',
      async () => {
        const reports = await Promise.all(
          (await controller.store.sessions.listForUnit(UNIT)).map((s) =>
            controller.store.sessions.report(UNIT, s.session_id),
          ),
        );
        return reports.filter((r) => r !== undefined).length === 3 &&
          missedAtController(dir.path).length === 2
          ? (await controller.store.gaps.seqsAfter(UNIT, epoch, -1, 100_000)).map((r) => r.seq)
          : undefined;
      },
      60_000,
    );
    // ...with nothing lost: every seq the unit made, each once.
    await unit.stop();
    unitStopped = true;
    const unitState = StateDir.open(stateDir);
    const made = new Outbox(unitState).nextSeqValue;
    unitState.close();
    expect(stored).toEqual([...Array(made).keys()]);

    const sessions = await controller.store.sessions.listForUnit(UNIT);
    const scheduled = sessions.filter((s) => s.trigger === 'schedule');
    expect(scheduled).toHaveLength(3);
    // Each ran its entry's program: iso-45 at the entry's 20 minutes, and says so with the hash.
    const program = entryProgram(schedule.entries[0] as ScheduleEntry);
    for (const s of scheduled) {
      expect(s.end_reason).toBe('timer');
      expect(s.planned_s).toBe(20 * 60);
      const report = await controller.store.sessions.report(UNIT, s.session_id);
      expect(JSON.parse(report?.payload_json ?? '{}')).toMatchObject({
        protocol: { name: 'iso-45', version: 1, hash: paramsHash(program as ProgramConfig) },
        params: { program: { session_minutes: 20 } },
      });
    }
    expect(missedAtController(dir.path)).toEqual([
      expect.objectContaining({ type: 'missed', reason: 'late', entry: 1 }),
      expect.objectContaining({ type: 'missed', reason: 'late', entry: 1 }),
    ]);

    // The dashboard's nights API shows the three nights run and both misses with their reason.
    const last = Math.max(...scheduled.map((s) => s.started_at ?? 0));
    const { nights } = await getJson<NightsView>(
      controller,
      `/api/patients/P-9/nights?days=7&to=${nightOf(last, ZONE)}`,
    );
    const ran = nights.filter((n) => n.session_ids.some((id) => scheduled.some((s) => s.session_id === id)));
    expect(ran.map((n) => n.status)).toEqual(['completed', 'completed', 'completed']);
    expect(ran.flatMap((n) => n.session_ids).sort()).toEqual(scheduled.map((s) => s.session_id).sort());
    const notRun = nights.flatMap((n) => n.not_run);
    expect(notRun).toEqual([
      expect.objectContaining({ type: 'missed', reason: 'late', entry: 1 }),
      expect.objectContaining({ type: 'missed', reason: 'late', entry: 1 }),
    ]);
  }, 180_000);
});

/** The missed events in the controller's database, in seq order. */
function missedAtController(dir: string): unknown[] {
  const db = new Database(join(dir, 'controller.db'), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT payload_json FROM session_events WHERE unit = ? AND type = 'missed' ORDER BY seq")
      .all(UNIT) as { payload_json: string }[];
    return rows.map((r) => JSON.parse(r.payload_json) as unknown);
  } finally {
    db.close();
  }
}
