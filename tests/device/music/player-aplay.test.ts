import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GenerativeSource } from '../../../device/music/generative/generative-source.js';
import { MusicPlayer, STOP_TAIL_FRAMES } from '../../../device/music/player.js';
import { AplaySink } from '../../../device/ports/audio/aplay.js';
import type { AudioSink } from '../../../device/ports/audio/index.js';
import { VirtualClock } from '../../../shared/clock.js';
import type { NocturneError } from '../../../shared/errors.js';
import { alsaFileDevice } from '../../fakes/alsa.js';

/** Waits for real child-process events (not time): yields to the event loop until `done()`. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !done(); i++) await new Promise((r) => setImmediate(r));
  expect(done()).toBe(true);
}

/** Remembers what the sink accepted, to compare with what the device received. */
function recording(sink: AudioSink): { sink: AudioSink; accepted: Buffer[] } {
  const accepted: Buffer[] = [];
  const write = sink.write.bind(sink);
  sink.write = (pcm) => {
    const ok = write(pcm);
    if (ok) accepted.push(pcm);
    return ok;
  };
  return { sink, accepted };
}

describe('MusicPlayer through real aplay', () => {
  it('goes on when the aplay child is killed mid-session: fault reported, sink restarted, audio resumes', async () => {
    const alsa = alsaFileDevice();
    const clock = new VirtualClock();
    const { sink, accepted } = recording(new AplaySink({ clock, env: alsa.env }));
    const player = new MusicPlayer({ clock, sink, leadMs: 0 });
    const faults: NocturneError[] = [];
    player.onFault((err) => faults.push(err));
    await player.start();
    player.load(GenerativeSource.fromPreset('warm', 1));
    player.setVolume(50, 0);
    clock.advance(1000);
    const firstPid = sink.status().detail?.pid as number;
    expect(sink.stats().framesWritten).toBe(48_000);

    process.kill(firstPid, 'SIGKILL');
    await until(() => faults.length > 0);
    expect(faults[0]?.code).toBe('E_AUDIO_SINK_FAILED');
    expect(sink.status()).toMatchObject({ ok: false, code: 'E_AUDIO_SINK_FAILED' });

    // The session goes on while the device is down: audio is rendered and dropped, not queued.
    clock.advance(400);
    expect(sink.stats().framesDropped).toBe(0.4 * 48_000);
    clock.advance(100); // the first retry is due 500 ms after the failure
    await until(() => sink.status().ok);
    expect(sink.status().detail?.pid).not.toBe(firstPid);

    accepted.length = 0;
    clock.advance(1000);
    await player.stop();
    // 2 s played before and after the restart, then the click-free ending stop() adds.
    expect(sink.stats()).toMatchObject({ restarts: 1, framesWritten: 2 * 48_000 + STOP_TAIL_FRAMES });
    expect(player.snapshot().frames).toBe(2.5 * 48_000 + STOP_TAIL_FRAMES);
    // The restarted aplay played exactly what was written after the restart.
    const afterRestart = Buffer.concat(accepted);
    expect(afterRestart.length).toBe((48_000 + STOP_TAIL_FRAMES) * 4);
    const raw = readFileSync(alsa.rawPath);
    expect(raw.subarray(0, afterRestart.length).equals(afterRestart)).toBe(true);
    expect(faults).toHaveLength(1);
  });
});
