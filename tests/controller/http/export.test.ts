import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../../../controller/patients/patient-sessions.js';
import { projectRoot } from '../../../shared/package-info.js';
import { validPayloads } from '../../fixtures/payloads.js';
import { dashboardHarness, databases } from './dashboard-harness.js';

/** DESIGN.md's export route: every stored sample of the sessions in range, one row each. */
describe.each(databases)('export on $name', (database) => {
  const { clock, call, feed } = dashboardHarness(database);

  it('export: exactly the stored samples, one row each, with the report fields; every column documented', async () => {
    // The fixture's session, moved to now (after the patient got its unit).
    const fixture = validPayloads['session/report'] as Record<string, unknown>;
    const shift = clock.now() - Number(fixture.started_at);
    const report: Record<string, unknown> = {
      ...fixture,
      started_at: Number(fixture.started_at) + shift,
      ended_at: Number(fixture.ended_at) + shift,
    };
    const samples = (validPayloads['session/samples'] as { samples: { t: number }[] }).samples.map((x) => ({
      ...x,
      t: x.t + shift,
    }));
    const durable = { unit: 'bed-1', session_id: 's-exp', epoch: 'exp-epoch-0001' };
    expect(await feed('bed-1', 'session/event', { ...durable, seq: 0, ts: report.started_at })).toBe(
      'stored',
    );
    // Two batches, the second arriving first: rows follow sample time, not arrival.
    expect(await feed('bed-1', 'session/samples', { ...durable, seq: 2, samples: samples.slice(3) })).toBe(
      'stored',
    );
    expect(await feed('bed-1', 'session/samples', { ...durable, seq: 1, samples: samples.slice(0, 3) })).toBe(
      'stored',
    );
    expect(await feed('bed-1', 'session/report', { ...report, ...durable, seq: 3 })).toBe('stored');
    const rows = (await call('cara', 'GET', '/api/patients/P-1/export?format=json')).json<
      Record<string, unknown>[]
    >();
    expect(rows).toHaveLength(samples.length);
    rows.forEach((row, i) => {
      expect(row).toMatchObject({ ...samples[i], patient: 'P-1', unit: 'bed-1', session_id: 's-exp' });
      expect(row).toMatchObject({
        end_reason: report.end_reason,
        duration_s: report.duration_s,
        baseline_bpm: report.baseline_bpm,
        min_bpm: report.min_bpm,
        calm_point_s: report.calm_point_s,
        valid_pulse_fraction: report.valid_pulse_fraction,
        started_at: report.started_at,
      });
    });
    const csv = (await call('cara', 'GET', '/api/patients/P-1/export?format=csv')).body.trim().split('\r\n');
    const header = csv[0]?.split(',') ?? [];
    expect(csv).toHaveLength(samples.length + 1);
    csv.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      for (const [c, name] of header.entries()) {
        const value = rows[i]?.[name];
        expect(cells[c]).toBe(value === null || value === undefined ? '' : String(value));
      }
    });
    const started = Number(report.started_at);
    expect((await call('cara', 'GET', `/api/patients/P-1/export?from=${started + 1}`)).json()).toEqual([]);
    expect(
      (await call('cara', 'GET', `/api/patients/P-1/export?from=${started}&to=${started + 1}`)).json(),
    ).toHaveLength(samples.length);
    // The night review: the session's events and the commands sent during it come with its samples.
    const sent = await call('cara', 'POST', '/api/patients/P-1/commands/stop', { args: {} });
    expect(sent.statusCode).toBe(202);
    const review = await call('vic', 'GET', '/api/patients/P-1/sessions/s-exp?points=3');
    expect(review.statusCode).toBe(200);
    const detail = review.json<{
      samples: unknown[];
      events: { type: string; seq: number }[];
      commands: unknown[];
    }>();
    expect(detail.samples).toHaveLength(3);
    expect(detail.events.map((e) => [e.type, e.seq])).toEqual([['started', 0]]);
    expect(detail.commands).toMatchObject([{ cmd_id: sent.json<{ cmd_id: string }>().cmd_id, name: 'stop' }]);
    const doc = readFileSync(join(projectRoot(), 'docs', 'export.md'), 'utf8');
    for (const column of EXPORT_COLUMNS) expect(doc).toContain(`| \`${column}\` |`);
    expect(header).toEqual([...EXPORT_COLUMNS]);
  });
});
