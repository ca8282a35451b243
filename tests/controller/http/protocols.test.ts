import { describe, expect, it } from 'vitest';
import type { ProtocolList } from '../../../shared/api-protocols.js';
import { ISO_45, paramsHash } from '../../../shared/schemas/protocol.js';
import { dashboardHarness, databases } from './dashboard-harness.js';

describe.each(databases)('the protocol library through the API on $name', (database) => {
  const h = dashboardHarness(database);
  const list = async (who = 'vic') => {
    const res = await h.call(who, 'GET', '/api/protocols');
    expect(res.statusCode).toBe(200);
    return res.json<ProtocolList>().protocols;
  };

  it('lists the built-in protocol to anyone signed in, in use by the harness schedule', async () => {
    expect(await list()).toEqual([
      expect.objectContaining({
        name: ISO_45.name,
        version: 1,
        hash: paramsHash(ISO_45.params),
        built_in: true,
        created_at: null,
        superseded_by: null,
        in_use: true,
      }),
    ]);
    expect((await h.call('nobody', 'GET', '/api/protocols')).statusCode).toBe(401);
  });
});
