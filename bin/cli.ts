import { Command, Option } from 'commander';
import { LOG_FORMATS } from '../shared/log.js';
import { PACKAGE_VERSION } from '../shared/package-info.js';
import { classifyFailure, commanderLine } from './cli-errors.js';

/**
 * The `nocturne` program before its subcommands are registered. Subcommands inherit what is set
 * here (error output, exit override), so it must come first.
 */
export function newProgram(): Command {
  const program = new Command('nocturne')
    .description('Nocturne: bedside music-therapy unit for insomnia, and its caregiver controller')
    .version(PACKAGE_VERSION)
    .addOption(
      new Option(
        '--log-format <format>',
        'log lines on stderr (default: pretty on a terminal, else json)',
      ).choices(LOG_FORMATS),
    )
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ outputError: (message, write) => write(`nocturne: ${commanderLine(message)}`) })
    .exitOverride();
  // Loggers read LOG_FORMAT when a command builds them, like LOG_LEVEL.
  program.hook('preAction', (root) => {
    const format = root.opts<{ logFormat?: string }>().logFormat;
    if (format) process.env.LOG_FORMAT = format;
  });
  return program;
}

/** Runs the program; any failure ends as one `nocturne: …` line and exit 2 (input) or 1 (run time). */
export async function runProgram(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const failure = classifyFailure(err);
    if (failure.line) process.stderr.write(`nocturne: ${failure.line}\n`);
    if (failure.exitCode === 1 && process.env.LOG_LEVEL === 'debug' && err instanceof Error && err.stack) {
      process.stderr.write(`${err.stack}\n`);
    }
    process.exitCode = failure.exitCode;
  }
}
