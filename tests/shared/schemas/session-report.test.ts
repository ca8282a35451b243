import { describe, expect, it } from 'vitest';
import { runOfflineSession } from '../../../device/program/offline.js';
import { programParams } from '../../../device/program/params.js';
import { interruptedReport } from '../../../device/program/report.js';
import { defaultProgramConfig } from '../../../shared/schemas/program-params.js';
import { sessionReportSchema } from '../../../shared/schemas/session-report.js';
import { sessionSamplesSchema } from '../../../shared/schemas/session-samples.js';
import { allUnitsTopic, parseTopic, unitTopics } from '../../../shared/topics.js';

const envelope = {
  v: 1,
  unit: 'bed-1',
  ts: 1_767_301_200_000,
  epoch: '0f2c1e9a-5b7d-4c1e-9a0b-123456789abc',
};

describe('session report and samples payloads', () => {
  const { report, samples } = runOfflineSession({ profile: 'typical', seed: 5 });

  it('round-trip a real session through JSON unchanged', () => {
    const payload = { ...envelope, seq: 12, ...report };
    expect(sessionReportSchema.parse(JSON.parse(JSON.stringify(payload)))).toEqual(payload);
    const batch = {
      ...envelope,
      seq: 3,
      session_id: report.session_id,
      interval_ms: 2000,
      samples: samples.slice(0, 5),
    };
    expect(sessionSamplesSchema.parse(JSON.parse(JSON.stringify(batch)))).toEqual(batch);
  });

  it('carry every field `nocturne render` promises (DESIGN.md)', () => {
    for (const key of [
      'duration_s',
      'end_reason',
      'baseline_bpm',
      'min_bpm',
      'calm_point_s',
      'fade_start_s',
      'valid_pulse_fraction',
      'volume_cap_dbfs',
      'peak_dbfs',
      'seed',
      'params',
    ]) {
      expect(report).toHaveProperty(key);
    }
    expect(report.volume_cap_dbfs).toBe(-30);
    expect(report.params.program.session_minutes).toBe(45);
  });

  it('reject what would break the contract', () => {
    const payload = { ...envelope, seq: 1, ...report };
    expect(sessionReportSchema.safeParse({ ...payload, volume_cap_dba: 61 }).success).toBe(false);
    expect(sessionReportSchema.safeParse({ ...payload, end_reason: 'asleep' }).success).toBe(false);
    expect(sessionReportSchema.safeParse({ ...payload, valid_pulse_fraction: 1.2 }).success).toBe(false);
    const { seq: _seq, ...noSeq } = payload;
    expect(sessionReportSchema.safeParse(noSeq).success).toBe(false);
    const batch = { ...envelope, seq: 2, session_id: 's1', interval_ms: 2000, samples: [] };
    expect(sessionSamplesSchema.safeParse(batch).success).toBe(false);
  });

  it('describe a session cut off by a restart', () => {
    const params = programParams(defaultProgramConfig, {
      calibrated: false,
      dba_at_0dbfs: 85,
      volume_cap_dba: 55,
      light_cap: 0.3,
    });
    const active = { session_id: 'sabc', started_at: 1_000_000, planned_s: 2700, trigger: 'button' as const };
    const body = interruptedReport(active, 1_600_000, params);
    const parsed = sessionReportSchema.parse({ ...envelope, seq: 0, ...body, seed: null, peak_dbfs: null });
    expect(parsed).toMatchObject({ end_reason: 'fault', duration_s: 600, valid_pulse_fraction: null });
  });

  it('are durable topics of the contract', () => {
    for (const kind of ['session/samples', 'session/report'] as const) {
      expect(unitTopics[kind]).toMatchObject({ qos: 1, retain: false });
      expect(parseTopic(`nocturne/v1/bed-1/${kind}`)?.kind).toBe(kind);
    }
    expect(allUnitsTopic('session/report')).toBe('nocturne/v1/+/session/report');
  });
});
