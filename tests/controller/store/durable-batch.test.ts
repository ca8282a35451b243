import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DurableMessage } from '../../../controller/store/durable-repo.js';
import { type ControllerStore, repositories } from '../../../controller/store/repos.js';
import type { SessionEvent } from '../../../shared/schemas/session-event.js';
import type { SessionSamples } from '../../../shared/schemas/session-samples.js';
import { storeKinds } from './stores.js';

const epoch = 'epoch-batch-0001';

function samples(unit: string, seq: number): DurableMessage {
  const message: SessionSamples = {
    v: 1,
    unit,
    ts: 1_000_000 + seq * 10_000,
    epoch,
    seq,
    session_id: 's1',
    interval_ms: 1000,
    samples: [
      {
        t: 1_000_000 + seq * 10_000,
        phase: 'descending',
        bpm: 60,
        quality: 1,
        trend_bpm: 60,
        tempo_bpm: 58,
        volume_db: 40,
        light: 0.2,
      },
    ],
  };
  return { kind: 'session/samples', message };
}

function started(unit: string, seq: number): DurableMessage {
  const message = {
    v: 1,
    unit,
    ts: 1_000_000,
    epoch,
    seq,
    session_id: 's1',
    type: 'started',
    trigger: 'button',
    planned_s: 2700,
  } as SessionEvent;
  return { kind: 'session/event', message };
}

const item = (durable: DurableMessage) => ({ durable, json: JSON.stringify(durable.message) });

describe.each(storeKinds)('a batch of durable messages on $name', (kind) => {
  let repos: ControllerStore;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    const opened = await kind.open();
    repos = repositories(opened.store);
    dispose = opened.dispose;
  });
  afterEach(async () => dispose());

  it('stores each (unit, epoch, seq) once, in any order, and says which were new', async () => {
    expect(await repos.durable.recordBatch([item(samples('bed-2', 1))], 1)).toEqual([true]);
    // Out of order, two units, a repeat of a stored one and a repeat within the batch.
    const batch = [
      item(samples('bed-2', 3)),
      item(started('bed-1', 0)),
      item(samples('bed-2', 1)),
      item(samples('bed-1', 2)),
      item(samples('bed-2', 3)),
      item(samples('bed-2', 2)),
    ];
    expect(await repos.durable.recordBatch(batch, 2)).toEqual([true, true, false, true, false, true]);
    expect(await repos.gaps.seqsAfter('bed-2', epoch, -1, 100)).toMatchObject([
      { seq: 1 },
      { seq: 2 },
      { seq: 3 },
    ]);
    expect(await repos.sessions.samples('bed-2', 's1')).toHaveLength(3);
    expect(await repos.sessions.samples('bed-1', 's1')).toHaveLength(1);
    expect((await repos.sessions.get('bed-1', 's1'))?.started_at).toBe(1_000_000);
    // The epoch's progress holds the highest seq seen, whatever arrived last.
    await repos.durable.recordBatch([item(samples('bed-2', 0))], 3);
    const progress = await repos.gaps.unsettledEpochs();
    expect(progress.find((p) => p.unit === 'bed-2')?.max_seq).toBe(3);
  });

  it('stores nothing of a batch whose transaction fails', async () => {
    const broken = samples('bed-3', 1);
    // Breaks the samples insert inside the transaction (a NOT NULL column), after the ledger row.
    (broken.message as { session_id: unknown }).session_id = null;
    await expect(repos.durable.recordBatch([item(samples('bed-3', 0)), item(broken)], 1)).rejects.toThrow();
    expect(await repos.gaps.seqsAfter('bed-3', epoch, -1, 100)).toEqual([]);
  });
});
