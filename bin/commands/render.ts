import { type Command, Option } from 'commander';
import { DEFAULT_PRESET, presets } from '../../device/music/generative/presets.js';
import { renderSession } from '../../device/render/render-session.js';
import { patientProfiles } from '../../device/sim/patient.js';
import { numberIn, readableFile, writableFile } from '../options.js';

interface RenderFlags {
  minutes: number;
  out: string;
  seed: string;
  profile: keyof typeof patientProfiles;
  preset: keyof typeof presets;
  hrCsv?: string;
}

export function registerRender(program: Command): void {
  program
    .command('render')
    .description(
      'run a whole wind-down session offline on a virtual clock: write its audio (48 kHz stereo 16-bit WAV) and print its report as JSON',
    )
    .requiredOption(
      '--minutes <m>',
      'session length setting, minutes (below 20, every phase is scaled down)',
      numberIn(0.05, 90),
    )
    .requiredOption('--out <file.wav>', 'where to write the audio', writableFile)
    .option('--seed <s>', 'seed for the music and the simulated patient', '1')
    .addOption(
      new Option('--profile <name>', 'simulated patient')
        .choices(Object.keys(patientProfiles))
        .default('typical'),
    )
    .addOption(
      new Option('--preset <name>', 'music preset').choices(Object.keys(presets)).default(DEFAULT_PRESET),
    )
    .option(
      '--hr-csv <file>',
      'recorded heart rate instead of the simulated patient (CSV header t_s,bpm)',
      readableFile,
    )
    .action(async (flags: RenderFlags) => {
      const report = await renderSession({
        minutes: flags.minutes,
        out: flags.out,
        seed: flags.seed,
        profile: flags.profile,
        preset: flags.preset,
        hrCsv: flags.hrCsv,
      });
      process.stdout.write(`${JSON.stringify(report)}\n`);
    });
}
