import { type Command, Option } from 'commander';
import { GenerativeSource } from '../../device/music/generative/generative-source.js';
import { DEFAULT_PRESET, type PresetName, presets } from '../../device/music/generative/presets.js';
import { MusicPlayer } from '../../device/music/player.js';
import { PlaylistSource } from '../../device/music/playlist/playlist-source.js';
import { audioConfigSchema } from '../../device/ports/audio/config.js';
import { createAudioSink } from '../../device/ports/audio/factory.js';
import { type AudioAdapterName, audioAdapters } from '../../device/ports/audio/index.js';
import { RealClock } from '../../shared/clock.js';
import { NocturneError, UsageError } from '../../shared/errors.js';
import { createLogger } from '../../shared/log.js';
import { numberIn, writableFile } from '../options.js';

interface PlayFlags {
  adapter: AudioAdapterName;
  device?: string;
  out?: string;
  volume: number;
  seconds?: number;
  preset: PresetName;
  order: 'given' | 'tempo';
  seed: string;
}

/** Fade in and out this fast: long enough not to startle, short enough for a speaker test. */
const FADE_MS = 2000;
const POLL_MS = 250;

export function registerPlay(program: Command): void {
  program
    .command('play')
    .description(
      'play music files (WAV, FLAC, Ogg Vorbis, MP3), or the generative music without files, to test the speaker; prints a summary as JSON',
    )
    .argument('[files...]', 'music files, played in the given order (or by tempo with --order tempo)')
    .addOption(new Option('--adapter <name>', 'audio output').choices(audioAdapters).default('auto'))
    .option('--device <alsa>', 'ALSA device, e.g. plughw:1,0 (default: the default device)')
    .option('--out <file.wav>', 'with --adapter wav: the file to write', writableFile)
    .option(
      '--volume <dba>',
      'level at the pillow, dB(A) (held under the 55 dB(A) cap)',
      numberIn(20, 60),
      45,
    )
    .option(
      '--seconds <n>',
      'stop after this long (default: when the files end; 30 s without files)',
      numberIn(1, 24 * 3600),
    )
    .addOption(
      new Option('--preset <name>', 'generative preset without files')
        .choices(Object.keys(presets))
        .default(DEFAULT_PRESET),
    )
    .addOption(new Option('--order <how>', 'track order').choices(['given', 'tempo']).default('given'))
    .option('--seed <s>', 'seed for the generative music', '1')
    .action(async (files: string[], flags: PlayFlags) => {
      const log = createLogger('play');
      const clock = new RealClock();
      const config = audioConfigSchema.safeParse({
        adapter: flags.adapter,
        device: flags.device,
        path: flags.out,
      });
      if (!config.success) throw new UsageError(config.error.issues[0]?.message ?? 'bad audio options');
      const playlist =
        files.length > 0
          ? await PlaylistSource.open(files, { order: flags.order, loop: false, log })
          : undefined;
      if (playlist && playlist.tracks.length === 0) {
        throw new UsageError(`no playable file: ${playlist.skipped.map((s) => s.message).join('; ')}`);
      }
      const sink = await createAudioSink(config.data, { clock, log });
      const player = new MusicPlayer({ clock, sink, leadMs: config.data.lead_ms });
      const faults: { code: string; message: string }[] = [];
      player.onFault((err) => {
        faults.push({ code: err.code, message: err.message });
        log.error({ code: err.code, err: err.message }, 'audio fault');
      });
      await player.start();
      player.load(playlist ?? GenerativeSource.fromPreset(flags.preset, flags.seed));
      player.setVolume(flags.volume, FADE_MS);

      let interrupted = false;
      const onSignal = () => {
        interrupted = true;
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const limitMs = (flags.seconds ?? (playlist ? Number.POSITIVE_INFINITY : 30)) * 1000;
      const started = clock.monotonic();
      while (!interrupted && !playlist?.finished && clock.monotonic() - started < limitMs - FADE_MS) {
        await clock.sleep(POLL_MS);
      }
      if (interrupted) player.mute();
      else player.setVolume(null, playlist?.finished ? 0 : FADE_MS);
      await clock.sleep(interrupted ? 100 : FADE_MS);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const status = sink.status();
      await player.stop();
      await playlist?.close();
      const summary = {
        adapter: status.adapter,
        ok: faults.length === 0,
        seconds: Math.round((clock.monotonic() - started) / 100) / 10,
        source: playlist ? 'playlist' : `generative:${flags.preset}`,
        played: playlist ? (playlist.describe().played as string[]) : [],
        skipped: playlist?.skipped ?? [],
        faults,
        sink: sink.stats(),
      };
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      // The summary says what happened; the exit code says that the speaker test failed.
      const [first] = faults;
      if (first) throw new NocturneError(first.code, `the sound output failed: ${first.message}`);
    });
}
