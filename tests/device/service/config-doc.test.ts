import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceConfigSchema } from '../../../device/config/device-config.js';
import { configReference, undocumentedKeys, withReference } from '../../../device/service/config-doc.js';
import { projectRoot } from '../../../shared/package-info.js';

const docFile = join(projectRoot(), 'docs', 'device-config.md');

describe('docs/device-config.md', () => {
  it('holds the reference generated from the schema (run `npm run config-doc` after changing it)', () => {
    const doc = readFileSync(docFile, 'utf8');
    expect(withReference(doc)).toBe(doc);
  });

  it('documents every key of the schema, with its default and range', () => {
    expect(undocumentedKeys()).toEqual([]);
    const reference = configReference();
    for (const key of Object.keys(deviceConfigSchema.shape)) expect(reference).toContain(`\`${key}`);
    expect(reference).toContain('| `calibration.volume_cap_dba` | number | `55` | 20–60 |');
    expect(reference).toContain('| `ports.light.address` | integer or `"0x…"` | `"0x40"` | 0x03–0x77 |');
    expect(reference).toContain('| `ports.pulse.path` | string | required | not empty |');
    expect(reference).toMatch(/### `ports.remote` with `"adapter": "hid"`/);
  });

  it('refuses a document without the generated block', () => {
    expect(() => withReference('# nothing here\n')).toThrow(/BEGIN reference/);
  });
});
