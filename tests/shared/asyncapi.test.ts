import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { asyncApiYaml } from '../../shared/asyncapi.js';
import { projectRoot } from '../../shared/package-info.js';
import { inboundTopics, unitTopics } from '../../shared/topics.js';
import { runCli } from '../helpers/cli.js';

describe('the AsyncAPI document', () => {
  it('is valid AsyncAPI 3 per @asyncapi/parser and covers every topic', async () => {
    const { document, diagnostics } = await new Parser().parse(asyncApiYaml());
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    const addresses =
      document
        ?.channels()
        .all()
        .map((c) => c.address()) ?? [];
    for (const suffix of [...Object.keys(unitTopics), ...Object.keys(inboundTopics)]) {
      const address = suffix.endsWith('/ack')
        ? 'nocturne/v1/{unit}/cmd/{name}/ack'
        : `nocturne/v1/{unit}/${suffix}`;
      expect(addresses).toContain(address);
    }
  });

  it('is what `nocturne asyncapi` prints and what docs/asyncapi.yaml holds (run `npm run asyncapi`)', async () => {
    const printed = await runCli(['asyncapi']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(asyncApiYaml());
    expect(readFileSync(join(projectRoot(), 'docs', 'asyncapi.yaml'), 'utf8')).toBe(printed.stdout);
  });
});
