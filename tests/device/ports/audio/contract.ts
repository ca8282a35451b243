import { expect, it } from 'vitest';
import type { AudioSink } from '../../../../device/ports/audio/index.js';

/** A recognisable test pattern: `frames` stereo frames of a ramp, different per channel. */
export function pattern(frames: number, offset = 0): Buffer {
  const pcm = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) {
    pcm.writeInt16LE(((i + offset) % 2000) - 1000, 4 * i);
    pcm.writeInt16LE(1000 - ((i + offset) % 2000), 4 * i + 2);
  }
  return pcm;
}

export interface SinkUnderTest {
  sink: AudioSink;
  /** The bytes the device (or file) received, read after stop(); absent for a sink that keeps none. */
  written?: () => Buffer;
}

/**
 * What every AudioSink must do, real or twin (STYLE.md "contract tests per port"): take the
 * fixed PCM format, count what it wrote, deliver exactly those bytes in order, and stop cleanly.
 */
export function runAudioSinkContract(adapter: string, make: () => SinkUnderTest): void {
  it(`${adapter}: delivers the bytes written, in order, and counts them`, async () => {
    const { sink, written } = make();
    await sink.start();
    expect(sink.status()).toMatchObject({ adapter, ok: true });
    const parts = [pattern(4800), pattern(960, 4800), pattern(4801, 5760)];
    for (const part of parts) expect(sink.write(part)).toBe(true);
    await sink.stop();
    expect(sink.stats()).toMatchObject({ framesWritten: 4800 + 960 + 4801, framesDropped: 0 });
    if (!written) return;
    const expected = Buffer.concat(parts);
    const got = written();
    if (got.length !== expected.length) {
      // A sound device may pad its last period with silence; nothing else may differ.
      expect(got.length).toBeGreaterThan(expected.length);
      expect(got.subarray(expected.length).every((b) => b === 0)).toBe(true);
    }
    expect(got.subarray(0, expected.length).equals(expected)).toBe(true);
  });

  it(`${adapter}: stop() without audio, and twice, is clean`, async () => {
    const { sink } = make();
    await sink.start();
    await sink.stop();
    await sink.stop();
  });
}
