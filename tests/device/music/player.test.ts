import { describe, expect, it } from 'vitest';
import { GenerativeSource } from '../../../device/music/generative/generative-source.js';
import { MusicPlayer, STOP_TAIL_FRAMES } from '../../../device/music/player.js';
import { createAudioSink } from '../../../device/ports/audio/factory.js';
import { NullAudioSink } from '../../../device/ports/audio/null.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { alsaFileDevice } from '../../fakes/alsa.js';

/** A null sink that keeps what it gets, as 16-bit samples of the left channel. */
class KeepingSink extends NullAudioSink {
  readonly left: number[] = [];
  override write(pcm: Buffer): boolean {
    for (let i = 0; i < pcm.length; i += 4) this.left.push(pcm.readInt16LE(i));
    return super.write(pcm);
  }
}

async function playing() {
  const clock = new VirtualClock();
  const sink = new KeepingSink();
  const player = new MusicPlayer({
    clock,
    sink,
    leadMs: 0,
    calibration: { dbaAt0Dbfs: 70, capDba: 55 },
    maxRiseDbPerS: Number.POSITIVE_INFINITY,
  });
  await player.start();
  player.load(GenerativeSource.fromPreset('warm', 2));
  return { clock, sink, player };
}

describe('MusicPlayer', () => {
  it('renders exactly the frames the clock has moved through, and a change lands on that frame', async () => {
    const { clock, sink, player } = await playing();
    clock.advance(1234);
    player.setVolume(50, 0);
    expect(player.snapshot().frames).toBe(1234 * 48);
    clock.advance(766);
    await player.stop();
    expect(sink.stats().framesWritten).toBe(2000 * 48 + STOP_TAIL_FRAMES);
    // Silent until the change, sound from there on (after the limiter's fixed latency).
    expect(sink.left.slice(0, 1234 * 48).every((v) => v === 0)).toBe(true);
    expect(sink.left.slice(1234 * 48 + 200).some((v) => v !== 0)).toBe(true);
  });

  it('mute() silences within 25 ms of the press, and stays silent', async () => {
    const { clock, sink, player } = await playing();
    player.setVolume(55, 0);
    clock.advance(3000);
    player.mute();
    expect(player.snapshot().muting).toBe(true);
    clock.advance(1000);
    await player.stop();
    const afterMute = sink.left.slice(3000 * 48 + 25 * 48 + 100);
    expect(afterMute.every((v) => v === 0)).toBe(true);
    expect(player.snapshot().volumeDba).toBeNull();
  });

  it('stop() while music plays ends on a click-free mute, not mid-waveform', async () => {
    const { clock, sink, player } = await playing();
    player.setVolume(55, 0);
    clock.advance(2000);
    await player.stop();
    const tail = sink.left.slice(-200);
    expect(tail.every((v) => v === 0)).toBe(true);
    expect(sink.left.length).toBeGreaterThan(2000 * 48);
    let steepest = 0;
    for (let i = 2000 * 48; i < sink.left.length; i++) {
      steepest = Math.max(steepest, Math.abs((sink.left[i] as number) - (sink.left[i - 1] as number)));
    }
    expect(steepest).toBeLessThan(2000); // the music's own motion at this level, no jump to zero
  });

  it('a level above the cap is held at the cap, and the tempo glides to its target on time', async () => {
    const { clock, player } = await playing();
    player.setVolume(90, 1000);
    player.setTempo(60, 5000);
    clock.advance(4999);
    expect(player.snapshot().tempoBpm).toBeGreaterThan(60);
    clock.advance(1);
    expect(player.snapshot()).toMatchObject({ tempoBpm: 60, volumeDba: 55, capDba: 55, capDbfs: -15 });
    await player.stop();
  });
});

describe('createAudioSink', () => {
  it('auto: speaker where it can load, aplay where there is no ALSA device', async () => {
    const clock = new VirtualClock();
    const log = silentLogger();
    const alsa = alsaFileDevice();
    const withDevice = await createAudioSink(
      { adapter: 'auto', lead_ms: 200 },
      { clock, log, env: alsa.env },
    );
    expect(withDevice.status().adapter).toBe('speaker');
    const env = { ...alsa.env, ALSA_CONFIG_PATH: `${alsa.dir}/none.conf` };
    const without = await createAudioSink({ adapter: 'auto', lead_ms: 200 }, { clock, log, env });
    expect(without.status().adapter).toBe('aplay');
  });
});
