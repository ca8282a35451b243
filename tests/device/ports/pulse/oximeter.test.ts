import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cms50dDecoder } from '../../../../device/ports/pulse/cms50d-decoder.js';
import type { PulseBatch } from '../../../../device/ports/pulse/index.js';
import { OximeterPulse } from '../../../../device/ports/pulse/oximeter.js';
import { VirtualClock } from '../../../../shared/clock.js';
import type { NocturneError } from '../../../../shared/errors.js';
import { chunks, FakeByteStream } from '../../../fakes/fake-byte-stream.js';

const fixture = new Uint8Array(
  readFileSync(new URL('../../../fixtures/pulse/cms50d-live.bin', import.meta.url)),
);

async function until(clock: VirtualClock, done: () => boolean): Promise<void> {
  for (let i = 0; i < 5_000 && !done(); i++) await clock.advanceAsync(10);
  expect(done()).toBe(true);
}

describe('USB oximeter (CMS50D+ over a replayed serial stream)', () => {
  it('is not plugged in at start, connects when the node appears, survives unplug and replug', async () => {
    const clock = new VirtualClock();
    const dev = await mkdtemp(join(tmpdir(), 'nocturne-dev-'));
    let stream: FakeByteStream | undefined;
    let opens = 0;
    const port = new OximeterPulse({
      clock,
      adapter: 'cms50d',
      ref: { port: 'pulse', device: 'CMS50D+ on /dev/ttyUSB0', configKey: 'ports.pulse.path' },
      decoder: new Cms50dDecoder(),
      open: async () => {
        opens++;
        if (!readdirHas(dev, 'ttyUSB0')) return undefined;
        stream = new FakeByteStream();
        return stream;
      },
      watch: { dir: dev, pattern: /^ttyUSB\d+$/ },
    });
    const faults: NocturneError[] = [];
    const batches: PulseBatch[] = [];
    port.onFault((f) => faults.push(f));
    port.onBatch((b) => batches.push(b));

    await port.start();
    expect(faults.map((f) => f.code)).toEqual(['E_PULSE_DEVICE_MISSING']);
    expect(port.status().ok).toBe(false);

    writeFileSync(join(dev, 'ttyUSB0'), '');
    await until(clock, () => stream !== undefined);
    expect(port.status()).toMatchObject({ ok: true, detail: { connected: true } });

    // Two seconds of the recording, as 32-byte serial reads spread over time.
    for (const part of chunks(fixture, 32)) {
      stream?.feed([part]);
      await clock.advanceAsync(1000 / 24);
    }
    await clock.advanceAsync(300);
    const samples = batches.reduce((s, b) => s + b.value.length, 0);
    expect(samples).toBe(149);
    const withVitals = batches.filter((b) => b.device);
    expect(withVitals[0]?.device).toMatchObject({ bpm: 62, spo2: 97 });
    expect(batches.at(-1)).toMatchObject({ finger: false, device: { bpm: null, spo2: null } });

    const first = stream as FakeByteStream;
    stream = undefined;
    first.unplug();
    await clock.advanceAsync(10);
    expect(first.closed).toBe(true);
    expect(faults).toHaveLength(2);
    expect(port.status().ok).toBe(false);

    const before = opens;
    writeFileSync(join(dev, 'ttyUSB0'), 'again');
    await until(clock, () => stream !== undefined);
    expect(opens).toBeGreaterThan(before);
    expect(port.status().ok).toBe(true);
    await port.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});

function readdirHas(dir: string, name: string): boolean {
  try {
    readFileSync(join(dir, name));
    return true;
  } catch {
    return false;
  }
}
