import { readFileSync } from 'node:fs';
import { Argument, type Command } from 'commander';
import { MEASURES, type Measure, scoreMeasure } from '../../controller/outcomes/score.js';
import { errorMessage, UsageError } from '../../shared/errors.js';
import { formatIssues } from '../../shared/format-issues.js';
import { readableFile } from '../options.js';

/** Scores questionnaire answers or sleep-diary nights from a JSON file (DESIGN.md `nocturne score`). */
export function registerScore(program: Command): void {
  program
    .command('score')
    .description(
      'score PSQI, ISI, GAD-7 or PHQ-9 answers, or sleep-diary nights, from a JSON file; prints JSON',
    )
    .addArgument(new Argument('<measure>', 'what the file holds').choices(MEASURES))
    .argument('<file>', 'JSON answers (item names: docs/outcomes.md)', readableFile)
    .addHelpText(
      'after',
      '\nPrints psqi {"components":{"c1"…"c7"},"global"}, isi|gad7 {"total","band"}, phq9 {"total","band","self_harm_flag"},\n' +
        'diary {"timezone","nights":[…],"weeks":[…]}. Impossible answers: exit 2 with `path: message` lines on stderr.\n' +
        'Item names, units and ranges: docs/outcomes.md.',
    )
    .action((measure: Measure, file: string) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new UsageError(`${file}: not valid JSON: ${errorMessage(err)}`);
      }
      const scored = scoreMeasure(measure, raw);
      if (!scored.ok) {
        // DESIGN.md: impossible answers are listed as `path: message` lines, one per problem.
        process.stderr.write(`${formatIssues(scored.error)}\n`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(`${JSON.stringify(scored.value)}\n`);
    });
}
