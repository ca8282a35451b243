import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../controller/store/open.js';
import type { ProtocolRow } from '../../../controller/store/protocols-repo.js';
import { type ControllerStore, repositories } from '../../../controller/store/repos.js';
import { storeKinds } from './stores.js';

const row = (version: number, hash = 'a'.repeat(64)): ProtocolRow => ({
  name: 'ward-b',
  version,
  title: 'Ward B',
  description: null,
  params_json: '{"session_minutes":30}',
  hash,
  created_at: 1000 + version,
  created_by: 'cara',
});

describe.each(storeKinds)('the protocols repo on $name', (kind) => {
  let repos: ControllerStore;
  let store: Store;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    const opened = await kind.open();
    store = opened.store;
    repos = repositories(opened.store);
    dispose = opened.dispose;
  });
  afterEach(async () => dispose());

  it('stores a name@version once: the same hash again is identical, other parameters a conflict', async () => {
    expect(await repos.protocols.insert(row(1))).toBe('inserted');
    expect(await repos.protocols.insert({ ...row(1), created_by: 'dan' })).toBe('identical');
    expect(await repos.protocols.insert(row(1, 'b'.repeat(64)))).toBe('conflict');
    expect(await repos.protocols.get('ward-b', 1)).toEqual(row(1));
  });

  it('gives the next version above the stored ones and above a floor, newest listed first', async () => {
    expect((await repos.protocols.insertNext('ward-b', 0, row)).version).toBe(1);
    expect((await repos.protocols.insertNext('ward-b', 0, row)).version).toBe(2);
    expect(
      (await repos.protocols.insertNext('iso-45', 1, (v) => ({ ...row(v), name: 'iso-45' }))).version,
    ).toBe(2);
    expect((await repos.protocols.list()).map((r) => `${r.name}@${r.version}`)).toEqual([
      'iso-45@2',
      'ward-b@2',
      'ward-b@1',
    ]);
  });

  it('takes distinct numbers when writers race for the next version', async () => {
    const made = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        repos.protocols.insertNext('ward-b', 0, (v) => row(v, String(i).repeat(64))),
      ),
    );
    expect(made.map((r) => r.version).sort()).toEqual([1, 2, 3, 4]);
  });

  it('knows which protocols stored reports ran, from the report columns', async () => {
    const report = {
      unit: 'bed-1',
      epoch: 'e',
      seq: 1,
      ts: 1,
      end_reason: 'timer',
      duration_s: 60,
      received_at: 1,
    };
    await store.db
      .insertInto('session_reports')
      .values([
        { ...report, session_id: 's1', payload_json: '{}', protocol_name: 'ward-b', protocol_version: 2 },
        { ...report, session_id: 's2', payload_json: '{}', protocol_name: 'ward-b', protocol_version: 2 },
        { ...report, session_id: 's3', payload_json: '{}', protocol_name: null, protocol_version: null },
      ])
      .execute();
    expect(await repos.protocols.reportedRefs()).toEqual([{ name: 'ward-b', version: 2 }]);
  });
});
