import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ingest } from '../../../controller/ingest/ingest.js';
import { openStore, type Store } from '../../../controller/store/open.js';
import { type ControllerStore, repositories } from '../../../controller/store/repos.js';
import { VirtualClock } from '../../../shared/clock.js';
import { MAX_PAYLOAD_BYTES } from '../../../shared/limits.js';
import { silentLogger } from '../../../shared/log.js';
import { Random } from '../../../shared/random.js';
import { validPayloads } from '../../fixtures/payloads.js';
import { badPayload } from '../../helpers/bad-payload.js';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, fuzzRuns, hostilePayload } from '../../helpers/fuzz.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TABLES = [
  'units',
  'session_events',
  'sessions',
  'durable_seqs',
  'epoch_progress',
  'session_samples',
  'session_reports',
  'unit_schedules',
  'commands',
] as const;

describe('ingest under malformed input (fast-check)', { timeout: FUZZ_TIMEOUT_MS }, () => {
  const dir = tempDir();
  let store: Store;
  let repos: ControllerStore;
  let ingest: Ingest;

  beforeAll(async () => {
    store = await openStore(`sqlite:${join(dir.path, 'fuzz.db')}`);
    repos = repositories(store);
    ingest = new Ingest({
      connect: mqtt.connect,
      url: 'mqtt://127.0.0.1:1',
      clientId: 'fuzz',
      store: repos,
      clock: new VirtualClock(),
      random: new Random('fuzz'),
      log: silentLogger(),
    });
    // A command of ours, so acks have something to update.
    await repos.control.addCommand({
      cmd_id: validPayloads['cmd/start/ack']?.cmd_id as string,
      unit: 'bed-1',
      name: 'start',
      args_json: '{}',
      issued_at: 1,
      expires_at: 2,
      status: 'sent',
      reason: null,
      updated_at: 1,
    });
    for (const [kind, payload] of Object.entries(validPayloads)) {
      expect(await ingest.handle(`nocturne/v1/bed-1/${kind}`, Buffer.from(JSON.stringify(payload)))).toBe(
        'stored',
      );
    }
    await ingest.flush();
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  const snapshot = async () => {
    await ingest.flush();
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) out[table] = await store.db.selectFrom(table).selectAll().execute();
    return out;
  };
  const rejectTotal = async () => (await repos.rejects.list()).reduce((n, r) => n + r.count, 0);

  /** Rows SQLite changed on this connection so far: a rejection may change only its reject counter. */
  const changes = async () =>
    (await sql<{ n: number }>`select total_changes() as n`.execute(store.db)).rows[0]?.n ?? 0;

  it.each(Object.keys(validPayloads))(
    'never crashes on %s, counts every reject, and changes nothing it rejects',
    async (kind) => {
      const valid = validPayloads[kind] as Record<string, unknown>;
      let rejected = 0;
      let run = 0;
      const rejectsAtStart = await rejectTotal();
      await ingest.flush();
      let changesBefore = await changes();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof({ weight: 9, arbitrary: badPayload(valid) }, hostilePayload(valid)),
          async (payload) => {
            // Every 500th input also compares every stored table, row by row.
            const full = ++run % 500 === 0 ? await snapshot() : undefined;
            const counted = ingest.stats().rejected;
            const outcome = await ingest.handle(`nocturne/v1/bed-1/${kind}`, payload);
            expect(outcome).not.toBe('failed');
            if (payload.length > MAX_PAYLOAD_BYTES) expect(outcome).toBe('rejected');
            if (outcome === 'rejected') {
              rejected++;
              expect(ingest.stats().rejected).toBe(counted + 1);
              // The reject counter's one upsert, nothing else.
              const now = await changes();
              expect(now - changesBefore).toBe(1);
              changesBefore = now;
              if (full) expect(await snapshot()).toEqual(full);
            } else {
              await ingest.flush();
              changesBefore = await changes();
            }
          },
        ),
        { numRuns: fuzzRuns(), seed: 8 },
      );
      // Every reject counted in the database too.
      expect((await rejectTotal()) - rejectsAtStart).toBe(rejected);
      expect(rejected).toBeGreaterThan(FUZZ_RUNS / 2);
    },
  );

  it('refuses an oversize payload before parsing it, with its own reason', async () => {
    const huge = Buffer.from(JSON.stringify({ ...validPayloads.state, pad: 'x'.repeat(MAX_PAYLOAD_BYTES) }));
    expect(await ingest.handle('nocturne/v1/bed-1/state', huge)).toBe('rejected');
    const reasons = (await repos.rejects.list()).map((r) => r.reason);
    expect(reasons).toContain('too_large');
  });

  it('rejects any other topic as bad or unknown and stores nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `nocturne/v1/bed-1/${s}`),
        ),
        fc.uint8Array({ maxLength: 100 }),
        async (topic, payload) => {
          fc.pre(!Object.hasOwn(validPayloads, topic.replace('nocturne/v1/bed-1/', '')));
          expect(await ingest.handle(topic, Buffer.from(payload))).toBe('rejected');
        },
      ),
      { numRuns: fuzzRuns(), seed: 8 },
    );
    expect(await snapshot()).toEqual(before);
    const reasons = new Set((await repos.rejects.list()).map((r) => r.reason));
    expect(reasons).toContain('bad_topic');
  });
});
