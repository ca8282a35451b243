import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDeviceConfig } from '../../../device/config/device-config.js';
import { NocturneError } from '../../../shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'nocturne-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = {
  unit_id: 'bed-1',
  broker: { url: 'mqtt://127.0.0.1:1883' },
  ports: {
    pulse: { adapter: 'simulated', profile: 'typical' },
    light: { adapter: 'simulated' },
    remote: { adapter: 'simulated' },
  },
};

function load(config: object): ReturnType<typeof loadDeviceConfig> {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  return loadDeviceConfig(file);
}

function failure(config: object): NocturneError {
  try {
    load(config);
  } catch (err) {
    if (err instanceof NocturneError) return err;
  }
  throw new Error('expected the config to be rejected');
}

describe('the program section of the unit config', () => {
  it('defaults to the clinical parameters', () => {
    const config = load(base);
    expect(config.program).toMatchObject({ session_minutes: 45, calm_margin_bpm: 6, snooze_minutes: 10 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes values within their ranges', () => {
    const config = load({ ...base, program: { session_minutes: 30, fade_minutes: 8, start_volume_dba: 40 } });
    expect(config.program).toMatchObject({ session_minutes: 30, fade_minutes: 8, start_volume_dba: 40 });
  });

  it('rejects bad values with E_CONFIG and one `path: message` line each', () => {
    const err = failure({ ...base, program: { session_minutes: 120, min_quality: 2, snooze: 5 } });
    expect(err.code).toBe('E_CONFIG');
    expect(err.message).toMatch(/^program\.session_minutes: /m);
    expect(err.message).toMatch(/^program\.min_quality: /m);
    expect(err.message).toMatch(/^program: .*snooze/m);
    expect(err.message).toMatch(/docs\/program\.md/);
  });

  it('keeps the start levels under the calibration caps', () => {
    const err = failure({ ...base, calibration: { volume_cap_dba: 50 }, program: { start_volume_dba: 52 } });
    expect(err.message).toMatch(
      /^program\.start_volume_dba: must not exceed calibration\.volume_cap_dba \(50\)/m,
    );
    const light = failure({ ...base, calibration: { light_cap: 0.05 } });
    expect(light.message).toMatch(/^program\.start_light: must not exceed calibration\.light_cap/m);
  });
});
