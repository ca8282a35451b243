import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningController } from '../../controller/main.js';
import { type RunningUnit, startUnit } from '../../device/main.js';
import { entryProgram, scheduleProtocols } from '../../device/schedule/entry-program.js';
import type { ProtocolList, ProtocolView } from '../../shared/api-protocols.js';
import { silentLogger } from '../../shared/log.js';
import { paramsHash } from '../../shared/schemas/protocol.js';
import { scheduleSchema } from '../../shared/schemas/schedule.js';
import { noFingerPorts } from '../fakes/no-finger-pulse.js';
import { adminApi, startTestController } from '../helpers/controller.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/** 200×: a 20-minute session takes 6 s. */
const SPEED = 200;
const UNIT = 'bed-7';
const MIN = 60_000;

/** A clinic's own protocol, made through the API, scheduled through the controller, run by a unit. */
describe('a clinic protocol from the library to the bedside and back', () => {
  const dir = tempDir();
  let controller: RunningController;
  let unit: RunningUnit;

  beforeAll(async () => {
    controller = await startTestController(dir.path);
    const login = await controller.provisionUnit(UNIT);
    unit = await startUnit({
      id: UNIT,
      brokerUrl: controller.brokerUrl,
      ...login,
      speed: SPEED,
      stateDir: join(dir.path, 'unit'),
      profile: 'typical',
      log: silentLogger(),
      buildPorts: noFingerPorts,
    });
    await waitFor(
      'the unit online',
      async () => (await controller.store.units.get(UNIT))?.online === 1 || undefined,
    );
  });
  afterAll(async () => {
    await unit?.stop();
    await controller?.stop();
    dir.remove();
  });

  const api = <T>(method: string, path: string, body?: unknown) =>
    adminApi<T>(controller, method, path, body);

  it('refuses a schedule naming a protocol the library lacks, storing nothing', async () => {
    const res = await api<{ code: string; message: string }>('PUT', `/api/units/${UNIT}/schedule`, {
      timezone: 'UTC',
      entries: [
        { days: ['mon'], time: '22:00', duration_min: 45 },
        { days: ['tue'], time: '22:00', duration_min: 45, protocol: { name: 'ward-c', version: 4 } },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 'E_UNKNOWN_PROTOCOL',
      message: 'entries.1.protocol: no protocol ward-c v4 in the library',
    });
    expect(await controller.store.control.schedule(UNIT)).toBeUndefined();
  });

  it('runs it from the schedule, and the stored report names it with the hash of what ran', async () => {
    const made = await api<ProtocolView>('POST', '/api/protocols', {
      name: 'ward-c',
      title: 'Ward C, quiet',
      params: { session_minutes: 20, glide_minutes: 10, fade_minutes: 4, start_volume_dba: 40 },
    });
    expect(made.status).toBe(201);
    const now = unit.clock.now();
    const soon = DateTime.fromMillis(now + 3 * MIN, { zone: 'UTC' }).toFormat('HH:mm');
    const weekday = DateTime.fromMillis(now + 3 * MIN, { zone: 'UTC' })
      .toFormat('ccc')
      .toLowerCase();
    const put = await api('PUT', `/api/units/${UNIT}/schedule`, {
      timezone: 'UTC',
      entries: [{ days: [weekday], time: soon, duration_min: 20, protocol: { name: 'ward-c', version: 1 } }],
    });
    expect(put.status).toBe(202);
    const published = scheduleSchema.parse(put.body);
    expect(published.protocols).toEqual([
      expect.objectContaining({ name: 'ward-c', version: 1, hash: made.body.hash }),
    ]);
    await waitFor(
      'the schedule applied',
      async () =>
        (await controller.store.control.schedule(UNIT))?.applied_version === published.version || undefined,
    );

    const [entry] = published.entries;
    const ran = entry && entryProgram(entry, scheduleProtocols(published));
    expect(ran).toMatchObject({ session_minutes: 20, glide_minutes: 10, start_volume_dba: 40 });
    const report = await waitFor(
      'the scheduled session reported',
      async () => {
        for (const s of await controller.store.sessions.listForUnit(UNIT)) {
          const row = await controller.store.sessions.report(UNIT, s.session_id);
          if (row && s.trigger === 'schedule') return row;
        }
        return undefined;
      },
      60_000,
    );
    expect(report).toMatchObject({ protocol_name: 'ward-c', protocol_version: 1 });
    expect(JSON.parse(report.payload_json)).toMatchObject({
      trigger: 'schedule',
      protocol: { name: 'ward-c', version: 1, hash: ran ? paramsHash(ran) : 'no program' },
      params: { program: { glide_minutes: 10, start_volume_dba: 40 } },
    });
    const listed = (await api<ProtocolList>('GET', '/api/protocols')).body.protocols;
    expect(listed.find((p) => p.name === 'ward-c')).toMatchObject({ in_use: true });
  }, 90_000);
});
