import { describe, expect, it } from 'vitest';
import { configForSessionLength, programParams } from '../../../device/program/params.js';
import { formatIssues } from '../../../shared/format-issues.js';
import { defaultProgramConfig, programConfigSchema } from '../../../shared/schemas/program-params.js';

const uncalibrated = { calibrated: false, dba_at_0dbfs: 85, volume_cap_dba: 55, light_cap: 0.3 };

describe('program parameters', () => {
  it('has the clinical defaults', () => {
    expect(defaultProgramConfig).toMatchObject({
      session_minutes: 45,
      settling_minutes: 3,
      glide_minutes: 20,
      fade_minutes: 5,
      fade_in_seconds: 15,
      start_volume_dba: 45,
      start_light: 0.1,
    });
    const p = programParams(defaultProgramConfig, uncalibrated);
    expect(p).toMatchObject({ sessionMs: 2_700_000, fadeInMs: 15_000, volumeCapDba: 55, startVolumeDba: 45 });
  });

  it('keeps an uncalibrated unit at 45 dB(A) and 10 % light, and every unit under its caps', () => {
    const loud = { ...defaultProgramConfig, start_volume_dba: 52, start_light: 0.25 };
    expect(programParams(loud, uncalibrated)).toMatchObject({ startVolumeDba: 45, startLight: 0.1 });
    const calibrated = { ...uncalibrated, calibrated: true, volume_cap_dba: 50, light_cap: 0.2 };
    expect(programParams(loud, calibrated)).toMatchObject({ startVolumeDba: 50, startLight: 0.2 });
    const wild = { ...uncalibrated, volume_cap_dba: 75, light_cap: 3 };
    expect(programParams(defaultProgramConfig, wild)).toMatchObject({ volumeCapDba: 60, lightCap: 1 });
    expect(programParams(loud, calibrated).record.program.start_volume_dba).toBe(50);
  });

  it('rejects values out of range and inconsistent ones, naming the key', () => {
    const bad = programConfigSchema.safeParse({
      session_minutes: 95,
      fade_in_seconds: 5,
      calm_margin_bpm: 1,
      unknown_key: 1,
    });
    expect(bad.success).toBe(false);
    const text = bad.success ? '' : formatIssues(bad.error);
    for (const key of ['session_minutes', 'fade_in_seconds', 'calm_margin_bpm'])
      expect(text).toContain(`${key}:`);
    expect(text).toMatch(/unknown_key/);
    const inconsistent = programConfigSchema.safeParse({
      session_minutes: 20,
      settling_minutes: 10,
      baseline_window_minutes: 12 - 1,
      fade_minutes: 15,
      max_session_minutes: 30,
    });
    const issues = inconsistent.success ? '' : formatIssues(inconsistent.error);
    expect(issues).toMatch(/^baseline_window_minutes: must not exceed settling_minutes/m);
    expect(issues).toMatch(/^fade_minutes: settling_minutes \+ fade_minutes must leave 5 min/m);
    const tooShortMax = programConfigSchema.safeParse({ session_minutes: 60, max_session_minutes: 40 });
    expect(tooShortMax.success ? '' : formatIssues(tooShortMax.error)).toMatch(/^max_session_minutes:/m);
  });

  it('scales a short demo session, and only lengthens the maximum for a long one', () => {
    const short = configForSessionLength(defaultProgramConfig, 9);
    expect(short.session_minutes).toBe(9);
    expect(short.settling_minutes).toBeCloseTo(0.6, 9);
    expect(short.fade_minutes).toBeCloseTo(1, 9);
    expect(short.max_session_minutes).toBeCloseTo(24, 9);
    expect(short.fade_in_seconds).toBe(15);
    const long = configForSessionLength({ ...defaultProgramConfig, max_session_minutes: 60 }, 90);
    expect(long).toMatchObject({ session_minutes: 90, settling_minutes: 3, max_session_minutes: 90 });
    expect(() => configForSessionLength(defaultProgramConfig, 0)).toThrow(RangeError);
  });
});
