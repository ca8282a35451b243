import { readFileSync } from 'node:fs';
import { Argument, type Command } from 'commander';
import { MEASURES, type Measure, scoreMeasure } from '../../controller/outcomes/score.js';
import { formatIssues } from '../../shared/format-issues.js';

/** Scores questionnaire answers or sleep-diary nights from a JSON file (DESIGN.md `nocturne score`). */
export function registerScore(program: Command): void {
  program
    .command('score')
    .description(
      'score PSQI, ISI, GAD-7 or PHQ-9 answers, or sleep-diary nights, from a JSON file; prints JSON',
    )
    .addArgument(new Argument('<measure>', 'what the file holds').choices(MEASURES))
    .argument('<file>', 'JSON answers (item names: docs/outcomes.md)')
    .addHelpText(
      'after',
      '\nPrints psqi {"components":{"c1"…"c7"},"global"}, isi|gad7 {"total","band"}, phq9 {"total","band","self_harm_flag"},\n' +
        'diary {"timezone","nights":[…],"weeks":[…]}. Impossible answers: exit 2 with `path: message` lines on stderr.\n' +
        'Item names, units and ranges: docs/outcomes.md.',
    )
    .action((measure: Measure, file: string) => {
      const problem = (message: string) => {
        process.stderr.write(`${message}\n`);
        process.exitCode = 2;
      };
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        problem(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (err) {
        problem(`${file}: not valid JSON: ${(err as Error).message}`);
        return;
      }
      const scored = scoreMeasure(measure, raw);
      if (!scored.ok) {
        problem(formatIssues(scored.error));
        return;
      }
      process.stdout.write(`${JSON.stringify(scored.value)}\n`);
    });
}
