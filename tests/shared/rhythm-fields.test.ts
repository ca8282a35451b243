import { describe, expect, it } from 'vitest';
import { sessionReportBodySchema } from '../../shared/schemas/session-report.js';
import { stateSchema } from '../../shared/schemas/state.js';
import { validPayloads } from '../fixtures/payloads.js';

describe('rhythm_irregularity (additive: older payloads stay valid)', () => {
  it('state without it, with null, with a share; never outside 0..1', () => {
    const state = validPayloads.state as Record<string, unknown>;
    expect(stateSchema.safeParse(state).success).toBe(true);
    expect(stateSchema.safeParse({ ...state, rhythm_irregularity: null }).success).toBe(true);
    expect(stateSchema.safeParse({ ...state, rhythm_irregularity: 0.25 }).success).toBe(true);
    expect(stateSchema.safeParse({ ...state, rhythm_irregularity: 1.5 }).success).toBe(false);
    expect(stateSchema.safeParse({ ...state, rhythm_irregularity: -0.1 }).success).toBe(false);
  });

  it('session report without it, with null, with a share', () => {
    const {
      session_id,
      rhythm_irregularity: _,
      ...older
    } = {
      ...(validPayloads['session/report'] as Record<string, unknown>),
    };
    expect(session_id).toBe('s1');
    const body = { session_id, ...older };
    expect(sessionReportBodySchema.safeParse(body).success).toBe(true);
    expect(sessionReportBodySchema.safeParse({ ...body, rhythm_irregularity: null }).success).toBe(true);
    expect(sessionReportBodySchema.safeParse({ ...body, rhythm_irregularity: 0.9 }).success).toBe(true);
    expect(sessionReportBodySchema.safeParse({ ...body, rhythm_irregularity: 2 }).success).toBe(false);
  });
});
