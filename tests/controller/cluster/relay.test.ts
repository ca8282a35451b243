import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PgLink } from '../../../controller/cluster/pg-link.js';
import { chunkUnits, PgRelay } from '../../../controller/cluster/relay.js';
import { openStore } from '../../../controller/store/open.js';
import { RealClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { unitIdSchema } from '../../../shared/schemas/common.js';
import { tempPostgres } from '../../helpers/postgres.js';
import { waitFor } from '../../helpers/wait-for.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

describe('live updates between controller processes over NOTIFY/LISTEN', () => {
  it('reach every process, the sender too, in chunks that fit a notification; malformed ones are dropped', async () => {
    const db = await tempPostgres();
    cleanup.push(() => db.drop());
    const processes = await Promise.all(
      [0, 1].map(async () => {
        const store = await openStore(db.url);
        const link = new PgLink({ url: db.url, clock: new RealClock(), log: silentLogger() });
        await link.start();
        const relay = new PgRelay<string[]>({
          channel: 'nocturne_units',
          schema: z.array(unitIdSchema),
          db: store.db,
          link,
          log: silentLogger(),
          split: chunkUnits,
        });
        await relay.start();
        const heard: string[] = [];
        relay.onReceive((units) => heard.push(...units));
        cleanup.push(async () => {
          relay.stop();
          await link.stop();
          await store.close();
        });
        return { store, relay, heard };
      }),
    );
    const [a, b] = processes as [(typeof processes)[0], (typeof processes)[0]];
    // More units than one notification holds.
    const units = Array.from({ length: 1000 }, (_, i) => `unit-with-a-long-name-${i}`);
    a.relay.send(units);
    await sql`select pg_notify('nocturne_units', 'not json')`.execute(a.store.db);
    await sql`select pg_notify('nocturne_units', '["NOT A UNIT"]')`.execute(a.store.db);
    await waitFor(
      'both processes to hear every unit',
      () => a.heard.length === 1000 && b.heard.length === 1000,
    );
    expect(new Set(b.heard)).toEqual(new Set(units));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(b.heard).toHaveLength(1000);
  }, 20_000);
});
