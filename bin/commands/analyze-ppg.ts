import { type Command, Option } from 'commander';
import { analyzePpg, type PpgAnalysis } from '../../device/signal/analyze.js';
import { UsageError } from '../../shared/errors.js';
import { round, roundOrNull } from '../../shared/round.js';
import { numberIn, readableFile } from '../options.js';
import { MAX_RATE_HZ, MIN_RATE_HZ, readPpgCsv } from '../ppg-input.js';

interface AnalyzePpgFlags {
  rate?: number;
  column?: string;
  timeColumn?: string;
}

/** Offline beat detection, heart rate, HRV and signal quality of a PPG recording (CSV). */
export function registerAnalyzePpg(program: Command): void {
  program
    .command('analyze-ppg')
    .description('detect beats in a PPG recording (CSV) and print heart rate, HRV and signal quality as JSON')
    .argument('<file>', 'CSV (header optional) or one number per line', readableFile)
    .addOption(
      new Option('--rate <hz>', `sample rate (${MIN_RATE_HZ}–${MAX_RATE_HZ} Hz)`)
        .argParser(numberIn(MIN_RATE_HZ, MAX_RATE_HZ))
        .conflicts('timeColumn'),
    )
    .option('--column <name|index>', 'PPG column (default: the only one, else the one named like ppg/pleth)')
    .option(
      '--time-column <name|index>',
      'sample times: seconds, ms if named *ms* or timer, or ISO date-times',
    )
    .addHelpText(
      'after',
      '\nPrints {"rate_hz", "beats_s", "bpm", "rmssd_ms", "sdnn_ms", "rhythm_irregularity", "hrv_windows",\n' +
        ' "windows": [{"start_s", "end_s", "bpm", "quality", "irregular"}]};\n' +
        'windows are 8 s long every 2 s; HRV is over regular windows only; see docs/accuracy.md.\n' +
        'An irregular pulse is an observation, not a diagnosis: this is not a medical device.',
    )
    .action((file: string, flags: AnalyzePpgFlags) => {
      if (flags.rate === undefined && flags.timeColumn === undefined) {
        throw new UsageError(
          'give the sample rate with --rate HZ or a time column with --time-column NAME|INDEX',
        );
      }
      const input = readPpgCsv(file, {
        column: flags.column,
        timeColumn: flags.timeColumn,
        rateHz: flags.rate,
      });
      process.stdout.write(`${JSON.stringify(toJson(analyzePpg(input)))}\n`);
    });
}

/** The contract's JSON (DESIGN.md "Command line"): snake_case, seconds from the first sample. */
function toJson(a: PpgAnalysis) {
  return {
    rate_hz: round(a.rateHz, 3),
    beats_s: a.beats.map((ms) => round(ms / 1000, 3)),
    bpm: roundOrNull(a.bpm, 1),
    rmssd_ms: roundOrNull(a.rmssdMs, 1),
    sdnn_ms: roundOrNull(a.sdnnMs, 1),
    rhythm_irregularity: roundOrNull(a.rhythmIrregularity, 3),
    hrv_windows: a.hrvWindows,
    windows: a.windows.map((w) => ({
      start_s: round(w.start / 1000, 3),
      end_s: round(w.end / 1000, 3),
      bpm: roundOrNull(w.bpm, 1),
      quality: round(w.quality, 3),
      irregular: w.irregular,
    })),
  };
}
