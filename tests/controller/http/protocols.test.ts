import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/api-people.js';
import type { ProtocolList, ProtocolView } from '../../../shared/api-protocols.js';
import { ISO_45, importProtocol, paramsHash } from '../../../shared/schemas/protocol.js';
import { dashboardHarness, databases } from './dashboard-harness.js';

const calm = {
  name: 'calm-30',
  title: 'Thirty calm minutes',
  params: { session_minutes: 30, glide_minutes: 15, start_volume_dba: 40 },
};

describe.each(databases)('the protocol library through the API on $name', (database) => {
  const h = dashboardHarness(database);
  const list = async (who = 'vic') => {
    const res = await h.call(who, 'GET', '/api/protocols');
    expect(res.statusCode).toBe(200);
    return res.json<ProtocolList>().protocols;
  };
  const audited = async (action: string) => {
    const res = await h.call('ada', 'GET', '/api/audit?limit=200');
    return res.json<AuditEntry[]>().filter((e) => e.action === action);
  };

  it('lists the built-in protocol to anyone signed in, in use by the harness schedule', async () => {
    expect(await list()).toEqual([
      expect.objectContaining({
        name: ISO_45.name,
        version: 1,
        hash: paramsHash(ISO_45.params),
        built_in: true,
        created_at: null,
        superseded_by: null,
        in_use: true,
      }),
    ]);
    expect((await h.call('nobody', 'GET', '/api/protocols')).statusCode).toBe(401);
  });

  it('lets caregivers and admins add versions (latest + 1), never viewers, and audits them', async () => {
    expect((await h.call('vic', 'POST', '/api/protocols', calm)).statusCode).toBe(403);
    const first = await h.call('cara', 'POST', '/api/protocols', calm);
    expect(first.statusCode).toBe(201);
    expect(first.json<ProtocolView>()).toMatchObject({
      name: 'calm-30',
      version: 1,
      built_in: false,
      created_by: 'cara',
      in_use: false,
      superseded_by: null,
    });
    const second = await h.call('ada', 'POST', '/api/protocols', {
      ...calm,
      params: { ...calm.params, start_volume_dba: 38 },
    });
    expect(second.json<ProtocolView>()).toMatchObject({ version: 2, created_by: 'ada' });
    // A new version of the built-in one is stored above it.
    const iso = await h.call('cara', 'POST', '/api/protocols', {
      ...ISO_45,
      version: undefined,
      format: undefined,
    });
    expect(iso.json<ProtocolView>()).toMatchObject({ name: 'iso-45', version: 2, built_in: false });

    const byName = (await list()).map((p) => [p.name, p.version, p.superseded_by]);
    expect(byName).toEqual([
      ['calm-30', 2, null],
      ['calm-30', 1, 2],
      ['iso-45', 2, null],
      ['iso-45', 1, 2],
    ]);
    expect((await audited('protocol.create')).map((e) => [e.actor, e.detail.name, e.detail.version])).toEqual(
      [
        ['cara', 'iso-45', 2],
        ['ada', 'calm-30', 2],
        ['cara', 'calm-30', 1],
      ],
    );
  });

  it("refuses parameters outside CLINICAL.md's limits with `path: message` reasons, storing nothing", async () => {
    const before = await list();
    const res = await h.call('cara', 'POST', '/api/protocols', {
      ...calm,
      params: { session_minutes: 120, start_volume_dba: 70, tempo: 3 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'E_BAD_REQUEST' });
    const lines = res.json<{ message: string }>().message.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^params\.session_minutes: /),
        expect.stringMatching(/^params\.start_volume_dba: /),
        expect.stringMatching(/^params: .*tempo/),
      ]),
    );
    expect(await list()).toEqual(before);
  });

  it('has no way to edit a version in place', async () => {
    for (const method of ['PUT', 'PATCH'] as const) {
      const res = await h.controller().http.app.inject({
        method,
        url: '/api/protocols/calm-30/1',
        headers: { cookie: h.session('ada')?.cookie ?? '', 'x-csrf-token': h.session('ada')?.csrf ?? '' },
        payload: calm,
      });
      expect(res.statusCode).toBe(404);
    }
  });

  it('exports a version as one file that imports back to the same protocol', async () => {
    const res = await h.call('vic', 'GET', '/api/protocols/calm-30/2/file');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="calm-30-v2.protocol.json"');
    const protocol = importProtocol(res.body);
    expect(protocol).toMatchObject({ name: 'calm-30', version: 2, params: { start_volume_dba: 38 } });
    expect(JSON.parse(res.body).hash).toBe(
      (await list()).find((p) => p.name === 'calm-30' && p.version === 2)?.hash,
    );
    expect((await h.call('vic', 'GET', '/api/protocols/calm-30/9/file')).statusCode).toBe(404);
    expect((await audited('protocol.export')).map((e) => [e.actor, e.outcome])).toEqual([
      ['vic', 'failed'],
      ['vic', 'ok'],
    ]);
  });

  it('imports a file once (identical re-import is a no-op), refusing a wrong hash and a changed version', async () => {
    const file = JSON.parse((await h.call('ada', 'GET', '/api/protocols/calm-30/1/file')).body);
    const foreign = {
      ...file,
      name: 'deep-60',
      title: 'From another clinic',
      params: { ...file.params, session_minutes: 60 },
    };
    foreign.hash = paramsHash(importProtocol(JSON.stringify({ ...foreign, hash: undefined })).params);

    const wrongHash = await h.call('cara', 'POST', '/api/protocols/import', { ...foreign, hash: file.hash });
    expect(wrongHash.statusCode).toBe(400);
    expect(wrongHash.json()).toMatchObject({ code: 'E_PROTOCOL_HASH_MISMATCH' });
    expect((await list()).some((p) => p.name === 'deep-60')).toBe(false);

    const first = await h.call('cara', 'POST', '/api/protocols/import', foreign);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      outcome: 'inserted',
      protocol: { name: 'deep-60', version: 1, hash: foreign.hash },
    });
    const again = await h.call('dan', 'POST', '/api/protocols/import', foreign);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ outcome: 'identical', protocol: { created_by: 'cara' } });

    const changed = { ...foreign, params: { ...foreign.params, session_minutes: 50 }, hash: undefined };
    const clash = await h.call('cara', 'POST', '/api/protocols/import', changed);
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'E_CONFLICT' });
    const builtInClash = await h.call('cara', 'POST', '/api/protocols/import', {
      ...ISO_45,
      params: { session_minutes: 30 },
    });
    expect(builtInClash.statusCode).toBe(409);
    const notAFile = await h.call('cara', 'POST', '/api/protocols/import', { name: 'Bad Name', version: 0 });
    expect(notAFile.statusCode).toBe(400);
    expect(notAFile.json<{ message: string }>().message).toMatch(/^name: /m);
    expect((await h.call('vic', 'POST', '/api/protocols/import', foreign)).statusCode).toBe(403);

    expect((await list()).filter((p) => p.name === 'deep-60')).toHaveLength(1);
    expect((await audited('protocol.import')).map((e) => e.outcome)).toEqual([
      'failed',
      'failed',
      'failed',
      'ok',
      'ok',
      'failed',
    ]);
  });

  it("puts a scheduled clinic protocol into the unit's schedule, marks it in use, and refuses an unknown one", async () => {
    const entry = { days: ['mon'], time: '21:00', duration_min: 30 };
    const unknown = await h.call('cara', 'PUT', '/api/patients/P-1/schedule', {
      timezone: 'UTC',
      entries: [{ ...entry, protocol: { name: 'calm-30', version: 7 } }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({
      code: 'E_UNKNOWN_PROTOCOL',
      message: 'entries.0.protocol: no protocol calm-30 v7 in the library',
    });
    expect((await list()).find((p) => p.name === 'calm-30' && p.version === 1)?.in_use).toBe(false);
    // The refusal is in the audit log too, with its reason.
    expect(
      (await audited('schedule.change')).filter((e) => e.outcome === 'failed').map((e) => e.detail),
    ).toEqual([
      expect.objectContaining({ reasons: ['entries.0.protocol: no protocol calm-30 v7 in the library'] }),
    ]);

    const put = await h.call('cara', 'PUT', '/api/patients/P-1/schedule', {
      timezone: 'UTC',
      entries: [
        { ...entry, protocol: { name: 'calm-30', version: 1 } },
        { ...entry, days: ['tue'], protocol: { name: 'calm-30', version: 1 } },
        { ...entry, days: ['wed'], protocol: { name: 'calm-30', version: 2 } },
      ],
      // Whatever a request brings here, the definitions come from the library.
      protocols: [{ ...calm, version: 1, params: { session_minutes: 90 }, hash: '0'.repeat(64) }],
    });
    expect(put.statusCode).toBe(202);
    const views = await list();
    const stored = views.find((p) => p.name === 'calm-30' && p.version === 1);
    expect(put.json().protocols).toEqual([
      expect.objectContaining({ name: 'calm-30', version: 1, params: stored?.params, hash: stored?.hash }),
      expect.objectContaining({ name: 'calm-30', version: 2 }),
    ]);
    expect(stored?.in_use).toBe(true);
    // The harness schedule that ran iso-45 is replaced: nothing references it any more.
    expect(views.find((p) => p.name === 'iso-45' && p.version === 1)?.in_use).toBe(false);
  });

  it('documents every protocol route in the OpenAPI document', async () => {
    const doc = (await h.call('ada', 'GET', '/api/openapi.json')).json<{ paths: Record<string, object> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/protocols',
        '/api/protocols/{name}/{version}/file',
        '/api/protocols/import',
      ]),
    );
  });
});
