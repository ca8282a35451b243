import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenerativeSource } from '../../device/music/generative/generative-source.js';
import { type PresetName, presets } from '../../device/music/generative/presets.js';
import { MusicPlayer } from '../../device/music/player.js';
import { NullAudioSink } from '../../device/ports/audio/null.js';
import { renderSession } from '../../device/render/render-session.js';
import { RealClock } from '../../shared/clock.js';
import type { Bench } from './bench.js';

/** CPU time of this process (user + system), ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** `nocturne render --minutes M`, timed: wall and CPU time as multiples of real time (one thread). */
function renderBench(minutes: number, preset: PresetName): Bench {
  return {
    name: `music.render.${minutes}min.${preset}`,
    async run({ progress }) {
      const dir = mkdtempSync(join(tmpdir(), 'nocturne-bench-'));
      try {
        progress(`rendering ${minutes} min of "${preset}"`);
        const wall0 = performance.now();
        const cpu0 = cpuMs();
        const report = await renderSession({
          minutes,
          out: join(dir, 'bench.wav'),
          seed: '1',
          // The insomnia patient never reaches a calm point: the session runs its full length.
          profile: 'insomnia',
          preset,
        });
        const wallMs = performance.now() - wall0;
        const cpu = cpuMs() - cpu0;
        const audioMs = report.duration_s * 1000;
        return {
          audio_s: audioMs / 1000,
          wall_s: round(wallMs / 1000),
          cpu_s: round(cpu / 1000),
          speed_x_realtime: round(audioMs / wallMs),
          cpu_speed_x_realtime: round(audioMs / cpu),
          target_x_realtime: 200,
          peak_dbfs: report.peak_dbfs,
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Real-time production: the player paced by the real clock (20 ms blocks, 200 ms lead), into the
 * null sink (sinks here are not paced by hardware). CPU share of one core over the run.
 */
function realtimeBench(seconds: number): Bench {
  return {
    name: 'music.realtime.cpu',
    async run({ progress }) {
      const clock = new RealClock();
      const sink = new NullAudioSink();
      const player = new MusicPlayer({ clock, sink });
      await player.start();
      player.load(GenerativeSource.fromPreset('warm', 1));
      player.setVolume(45, 0);
      progress(`playing ${seconds} s in real time`);
      const wall0 = performance.now();
      const cpu0 = cpuMs();
      await clock.sleep(seconds * 1000);
      const cpu = cpuMs() - cpu0;
      const wallMs = performance.now() - wall0;
      await player.stop();
      return {
        seconds,
        cpu_percent_of_one_core: round((100 * cpu) / wallMs),
        target_percent: 5,
        frames_written: sink.stats().framesWritten,
      };
    },
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export const benches: Bench[] = [
  renderBench(45, 'warm'),
  ...(Object.keys(presets) as PresetName[]).map((p) => renderBench(5, p)),
  realtimeBench(20),
];
