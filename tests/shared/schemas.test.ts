import { describe, expect, it } from 'vitest';
import { infoSchema } from '../../shared/schemas/info.js';
import { sessionEventSchema } from '../../shared/schemas/session-event.js';
import { stateSchema } from '../../shared/schemas/state.js';
import { statusSchema } from '../../shared/schemas/status.js';
import { allUnitsTopic, parseTopic, unitTopic } from '../../shared/topics.js';

const envelope = { v: 1, unit: 'bed-1', ts: 1_764_000_000_000 } as const;

const samples = {
  status: { ...envelope, state: 'online' },
  info: {
    ...envelope,
    firmware: 'nocturne-0.1.0',
    simulated: true,
    ports: {
      audio: { adapter: 'null', ok: true },
      light: { adapter: 'simulated', ok: true, detail: { cap: 0.3 } },
      pulse: { adapter: 'simulated', ok: true },
      remote: { adapter: 'hid', ok: false, code: 'E_REMOTE_DEVICE_MISSING' },
    },
    calibration: { calibrated: false, dba_at_0dbfs: 85, volume_cap_dba: 55, light_cap: 0.3 },
  },
  state: {
    ...envelope,
    phase: 'descending',
    bpm: 63,
    volume_db: 44.5,
    light: 0.08,
    session_id: 'sabc123',
    next_session_at: null,
    faults: [{ code: 'E_PULSE_NO_SIGNAL', port: 'pulse', message: 'no finger', since: envelope.ts }],
  },
  started: {
    ...envelope,
    epoch: '0f2c1e9a-5b7d-4c1e-9a0b-123456789abc',
    seq: 0,
    session_id: 'sabc123',
    type: 'started',
    trigger: 'button',
    planned_s: 2700,
  },
  stopped: {
    ...envelope,
    epoch: '0f2c1e9a-5b7d-4c1e-9a0b-123456789abc',
    seq: 7,
    session_id: 'sabc123',
    type: 'stopped',
    end_reason: 'calm',
    duration_s: 1500.5,
  },
} as const;

describe('payload schemas', () => {
  it.each([
    ['status', statusSchema, samples.status],
    ['info', infoSchema, samples.info],
    ['state', stateSchema, samples.state],
    ['session started', sessionEventSchema, samples.started],
    ['session stopped', sessionEventSchema, samples.stopped],
  ] as const)('round-trips %s through JSON unchanged', (_name, schema, sample) => {
    const parsed = schema.parse(JSON.parse(JSON.stringify(sample)));
    expect(parsed).toEqual(sample);
  });

  it('rejects a payload without the envelope', () => {
    const { v: _v, ...noVersion } = samples.status;
    expect(statusSchema.safeParse(noVersion).success).toBe(false);
    expect(statusSchema.safeParse({ ...samples.status, v: 2 }).success).toBe(false);
    expect(statusSchema.safeParse({ ...samples.status, ts: -1 }).success).toBe(false);
    expect(statusSchema.safeParse({ ...samples.status, ts: 1.5 }).success).toBe(false);
  });

  it('rejects invalid unit ids', () => {
    for (const unit of ['', 'Bed-1', 'bed_1', 'a'.repeat(33), 'bed/1', '+', '#']) {
      expect(statusSchema.safeParse({ ...samples.status, unit }).success, unit).toBe(false);
    }
  });

  it('rejects values outside their ranges', () => {
    expect(stateSchema.safeParse({ ...samples.state, light: 1.5 }).success).toBe(false);
    expect(stateSchema.safeParse({ ...samples.state, volume_db: 75 }).success).toBe(false);
    expect(stateSchema.safeParse({ ...samples.state, phase: 'asleep' }).success).toBe(false);
    expect(
      infoSchema.safeParse({
        ...samples.info,
        calibration: { ...samples.info.calibration, volume_cap_dba: 61 },
      }).success,
    ).toBe(false);
  });

  it('requires epoch and seq on durable messages', () => {
    const { seq: _seq, ...noSeq } = samples.started;
    expect(sessionEventSchema.safeParse(noSeq).success).toBe(false);
    expect(sessionEventSchema.safeParse({ ...samples.started, seq: -1 }).success).toBe(false);
    expect(sessionEventSchema.safeParse({ ...samples.started, epoch: 'short' }).success).toBe(false);
  });

  it('rejects an event whose fields do not match its type', () => {
    expect(sessionEventSchema.safeParse({ ...samples.started, type: 'stopped' }).success).toBe(false);
    expect(sessionEventSchema.safeParse({ ...samples.stopped, end_reason: 'asleep' }).success).toBe(false);
  });
});

describe('topics', () => {
  it('builds and parses unit topics', () => {
    expect(unitTopic('bed-1', 'session/event')).toBe('nocturne/v1/bed-1/session/event');
    expect(allUnitsTopic('status')).toBe('nocturne/v1/+/status');
    expect(parseTopic('nocturne/v1/bed-1/session/event')).toEqual({
      unit: 'bed-1',
      suffix: 'session/event',
      kind: 'session/event',
    });
  });

  it('keeps unknown suffixes visible but unkinded, and refuses foreign or malformed topics', () => {
    expect(parseTopic('nocturne/v1/bed-1/whatever')).toEqual({
      unit: 'bed-1',
      suffix: 'whatever',
      kind: undefined,
    });
    expect(parseTopic('nocturne/v2/bed-1/status')).toBeUndefined();
    expect(parseTopic('nocturne/v1/BED/status')).toBeUndefined();
    expect(parseTopic('nocturne/v1/bed-1')).toBeUndefined();
    expect(parseTopic('nocturne/v1//status')).toBeUndefined();
  });
});
