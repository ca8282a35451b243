import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../device/telemetry/outbox.js';
import { OutboxPublisher } from '../../../device/telemetry/publisher.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import {
  MAX_SAMPLES_PER_BATCH,
  type SessionSample as Sample,
} from '../../../shared/schemas/session-samples.js';
import { useStateDirs } from '../../helpers/state-dirs.js';

const sample = (t: number, bpm: number | null = 60): Sample => ({
  t,
  phase: 'descending',
  bpm,
  quality: bpm === null ? 0 : 1,
  trend_bpm: 60,
  volume_db: 40,
  light: 0.1,
  tempo_bpm: 70,
});
const batch = (from: number, n: number) => ({
  session_id: 's1',
  interval_ms: 1000,
  samples: Array.from({ length: n }, (_, i) => sample(from + i * 1000)),
});

describe('the durable outbox', () => {
  const stateDirs = useStateDirs();
  const stateDir = (path?: string) => stateDirs.open(path);

  it('keeps messages until acknowledged, across a reopening, and seals each with its seq once', () => {
    const dir = stateDir();
    const outbox = new Outbox(dir);
    outbox.add('session/event', 's1', { epoch: dir.epoch, n: 1 }, 10);
    outbox.add('session/event', 's1', { epoch: dir.epoch, n: 2 }, 20);
    const [a] = outbox.after(0, 10);
    if (!a) throw new Error('lost');
    const sealed = outbox.seal(a);
    expect(JSON.parse(sealed.json)).toEqual({ epoch: dir.epoch, seq: 0, n: 1 });
    expect(outbox.seal(a).seq).toBe(0);
    dir.close();

    // A power cut before the PUBACK: both are still there, the first with the seq it had.
    const again = new Outbox(stateDir(dir.path));
    const rows = again.after(0, 10);
    expect(rows.map((r) => r.seq)).toEqual([0, null]);
    expect(again.pending).toBe(2);
    again.ack(a.id);
    expect(again.seal(rows[1] as (typeof rows)[number]).seq).toBe(1);
    expect(again.pending).toBe(1);
  });

  it('over its bound merges sample batches before they get a seq, never events, and counts the merges', () => {
    const dir = stateDir();
    const outbox = new Outbox(dir, { maxMessages: 5 });
    outbox.add('session/event', 's1', { type: 'started' }, 0);
    for (let i = 0; i < 20; i++) outbox.add('session/samples', 's1', batch(i * 10_000, 10), i);
    outbox.add('session/event', 's1', { type: 'stopped' }, 99);
    const rows = outbox.after(0, 100);
    expect(rows.filter((r) => r.kind === 'session/event')).toHaveLength(2);
    expect(rows.length).toBeLessThanOrEqual(6);
    expect(outbox.merged).toBe(20 - rows.filter((r) => r.kind === 'session/samples').length);
    // Nothing was lost: every sample time is still there, in order.
    const times = rows
      .filter((r) => r.kind === 'session/samples')
      .flatMap((r) => (JSON.parse(r.body) as { samples: Sample[] }).samples.map((s) => s.t));
    expect(times).toEqual(Array.from({ length: 200 }, (_, i) => i * 1000));
    // And the seqs they get later are contiguous.
    expect(rows.map((r) => outbox.seal(r).seq)).toEqual(rows.map((_, i) => i));
  });

  it('thins merged batches to coarser samples once they would exceed a batch', () => {
    const outbox = new Outbox(stateDir(), { maxMessages: 2 });
    for (let i = 0; i < 30; i++) outbox.add('session/samples', 's1', batch(i * 10_000, 10), i);
    const bodies = outbox
      .after(0, 100)
      .map((r) => JSON.parse(r.body) as { interval_ms: number; samples: Sample[] });
    for (const b of bodies) expect(b.samples.length).toBeLessThanOrEqual(MAX_SAMPLES_PER_BATCH);
    expect(Math.max(...bodies.map((b) => b.interval_ms))).toBeGreaterThan(1000);
    expect(bodies[0]?.samples[0]?.t).toBe(0);
  });

  it('publishes in order within its window, removes on PUBACK, and sends the rest after a reconnect', async () => {
    const clock = new VirtualClock();
    const dir = stateDir();
    const outbox = new Outbox(dir);
    const sent: { seq: number; ack: () => void; fail: (e: Error) => void }[] = [];
    const publisher = new OutboxPublisher({
      outbox,
      clock,
      log: silentLogger(),
      window: 2,
      backlogPerSecond: 1000,
      send: (_kind, json) =>
        new Promise<void>((ack, fail) =>
          sent.push({ seq: (JSON.parse(json) as { seq: number }).seq, ack, fail }),
        ),
    });
    publisher.start();
    for (let i = 0; i < 5; i++) outbox.add('session/event', 's1', { epoch: dir.epoch, i }, i);
    publisher.notify();
    expect(sent).toHaveLength(0); // not connected
    publisher.connectionUp();
    expect(sent.map((s) => s.seq)).toEqual([0, 1]);
    sent[0]?.ack();
    await clock.advanceAsync(1);
    expect(sent.map((s) => s.seq)).toEqual([0, 1, 2]);
    expect(outbox.pending).toBe(4);
    // The connection drops: a publish in flight fails and is sent again, with the same seq.
    publisher.connectionDown();
    sent[1]?.fail(new Error('connection closed'));
    await clock.advanceAsync(1);
    publisher.connectionUp();
    expect(sent.slice(3).map((s) => s.seq)).toEqual([1]);
    for (let i = 0; i < 10; i++) {
      for (const s of sent) s.ack();
      await clock.advanceAsync(10);
    }
    expect(outbox.pending).toBe(0);
    publisher.stop();
  });
});
