import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDeviceConfig } from '../../../device/config/device-config.js';
import { NocturneError } from '../../../shared/errors.js';
import { badPayload } from '../../helpers/bad-payload.js';
import { FUZZ_TIMEOUT_MS, fuzzRuns, hostilePayload } from '../../helpers/fuzz.js';
import { tempDir } from '../../helpers/temp-dir.js';

const validConfig = {
  unit_id: 'bed-1',
  broker: { url: 'mqtts://ward.local:8883', username: 'bed-1', password_file: '/etc/nocturne/password' },
  ports: {
    pulse: { adapter: 'simulated' },
    light: { adapter: 'simulated' },
    remote: { adapter: 'simulated' },
  },
};

describe('the unit config loader under any file (fast-check)', { timeout: FUZZ_TIMEOUT_MS }, () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const file = join(dir.path, 'unit.json');

  it('loads the valid config', () => {
    writeFileSync(file, JSON.stringify(validConfig));
    expect(loadDeviceConfig(file).broker.url).toBe('mqtts://ward.local:8883');
  });

  it('returns a frozen valid config or refuses with E_CONFIG and path: message lines, never crashes', () => {
    const nested = (v: Record<string, unknown>) =>
      fc.oneof(
        badPayload(v),
        hostilePayload(v),
        fc.json().map((j) => Buffer.from(j)),
      );
    fc.assert(
      fc.property(
        fc.oneof(
          nested(validConfig),
          nested(validConfig.broker).map((b) =>
            Buffer.from(`{"unit_id":"bed-1","broker":${b},"ports":${JSON.stringify(validConfig.ports)}}`),
          ),
        ),
        (bytes) => {
          writeFileSync(file, bytes);
          try {
            const config = loadDeviceConfig(file);
            expect(Object.isFrozen(config)).toBe(true);
            expect(config.unit_id).toMatch(/^[a-z0-9-]{1,32}$/);
          } catch (err) {
            expect(err).toBeInstanceOf(NocturneError);
            expect((err as NocturneError).code).toBe('E_CONFIG');
          }
        },
      ),
      { numRuns: fuzzRuns(), seed: 8 },
    );
  });
});
