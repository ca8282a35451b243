import mqtt from 'mqtt';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { Ingest } from '../../../controller/ingest/ingest.js';
import { openStore } from '../../../controller/store/open.js';
import { repositories } from '../../../controller/store/repos.js';
import { RealClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { Random } from '../../../shared/random.js';
import { unitTopic } from '../../../shared/topics.js';
import { Mosquitto } from '../../helpers/mosquitto.js';
import { tempPostgres } from '../../helpers/postgres.js';
import { waitFor } from '../../helpers/wait-for.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

function event(seq: number): string {
  return JSON.stringify({
    v: 1,
    unit: 'bed-1',
    ts: 1_000_000 + seq,
    epoch: 'epoch-ack-0001',
    seq,
    session_id: 's1',
    type: 'phase',
    phase: 'descending',
    reason: 'test',
  });
}

describe('ingest acknowledges a durable message only after its batch commits', () => {
  it('holds every PUBACK while the database cannot commit, then acks them all once stored', async () => {
    const db = await tempPostgres();
    cleanup.push(() => db.drop());
    const store = await openStore(db.url);
    cleanup.push(() => store.close());
    const mosquitto = await Mosquitto.start({
      extraConfig: ['allow_anonymous true', 'max_inflight_messages 100'],
    });
    cleanup.push(() => mosquitto.dispose());
    const repos = repositories(store);
    // The real client, watched: every PUBACK ingest sends, and what was stored when it went out.
    const pubacks: { accepted: number }[] = [];
    const ingest: Ingest = new Ingest({
      connect: (url, options) => {
        const client = mqtt.connect(url, options);
        client.on('packetsend', (packet) => {
          if (packet.cmd === 'puback') pubacks.push({ accepted: ingest.stats().accepted });
        });
        return client;
      },
      url: mosquitto.url,
      clientId: 'test-ingest',
      store: repos,
      clock: new RealClock(),
      random: new Random('ack-test'),
      log: silentLogger(),
    });
    await ingest.start();
    cleanup.push(() => ingest.stop());
    await waitFor('ingest connected', () => ingest.connected);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Another session holds the ledger: ingest's transaction waits for it.
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    cleanup.push(() => locker.end());
    await locker.query('begin');
    await locker.query('lock table durable_seqs in exclusive mode');

    const unit = await mqtt.connectAsync(mosquitto.url, { clientId: 'test-unit', reconnectPeriod: 0 });
    cleanup.push(() => unit.endAsync());
    const N = 30;
    const publishes = Array.from({ length: N }, (_, seq) =>
      unit.publishAsync(unitTopic('bed-1', 'session/event'), event(seq), { qos: 1 }),
    );
    // Mosquitto acks the unit at once and delivers to ingest, whose transaction waits.
    await Promise.all(publishes);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(ingest.stats().accepted).toBe(0);
    expect(pubacks).toEqual([]);

    await locker.query('commit');
    await waitFor('every message stored', () => ingest.stats().accepted === N, 10_000);
    expect(await storedSeqs(db.url)).toBe(N);
    await waitFor('every PUBACK', () => pubacks.length === N);
    // Each went out once its message was stored; they waited together, so one commit took several.
    for (const [i, p] of pubacks.entries()) expect(p.accepted).toBeGreaterThan(i);
    expect(new Set(pubacks.map((p) => p.accepted)).size).toBeLessThan(N / 2);
  }, 30_000);
});

async function storedSeqs(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('select count(*) as n from durable_seqs')).rows[0]?.n);
  } finally {
    await client.end();
  }
}
