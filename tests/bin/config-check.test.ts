import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDeviceConfig } from '../../device/service/config-check.js';
import { projectRoot } from '../../shared/package-info.js';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const example = join(projectRoot(), 'systemd', 'unit.example.json');

const broken = `{
  "unit_id": "Bed 1",
  "broker": { "url": "mqtt://controller.local:1883" },
  "calibration": { "volume_cap_dba": 75 },
  "ports": {
    "light": {
      "adapter": "pca9685",
      "channel": 16,
      "colour": "warm"
    },
    "pulse": { "adapter": "cms50d" },
    "remote": { "adapter": "simulated" }
  }
}
`;

describe('nocturne config check', () => {
  const dir = useTempDirs();

  it('accepts the example config that install.sh puts in /etc/nocturne: exit 0, a short OK', async () => {
    const result = await runCli(['config', 'check', example]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('OK');
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, file: example, unit_id: 'bed-1' });
  });

  it('prints every problem as `path (line N): message` and exits 2', async () => {
    const file = `${dir()}.json`;
    writeFileSync(file, broken);
    const result = await runCli(['config', 'check', file]);
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter((l) => /\(line \d+\)/.test(l));
    const at = (path: string) => lines.find((l) => l.startsWith(`${path} (line `));
    expect(at('unit_id')).toMatch(/^unit_id \(line 2\): /);
    expect(at('calibration.volume_cap_dba')).toMatch(/\(line 4\): .*60/);
    expect(at('ports.light.channel')).toMatch(/\(line 8\): .*15/);
    expect(at('ports.light.colour')).toMatch(/\(line 9\): unknown key/);
    // A required key that is missing points at the object that should hold it.
    expect(at('ports.pulse.path')).toMatch(/\(line 11\): /);
    expect(lines).toHaveLength(5);
    expect(JSON.parse(result.stdout).problems).toHaveLength(5);
  });

  it('places a JSON syntax error on its line', () => {
    const result = checkDeviceConfig('{\n  "unit_id": "bed-1",\n  "broker": {,\n}\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { path: '(file)', line: 3, message: expect.stringMatching(/not valid JSON/) },
    ]);
  });

  it('exits 2 naming the file when it cannot be read', async () => {
    const result = await runCli(['config', 'check', join(dir(), 'missing.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read .*missing\.json/);
  });
});
