import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkDeviceConfig, formatProblem } from '../../device/service/config-check.js';
import { configReference, withReference } from '../../device/service/config-doc.js';
import { UsageError } from '../../shared/errors.js';

/**
 * `nocturne config check FILE`: the unit config validated by the unit's own schema, each problem
 * as `path (line N): message` on stderr, exit 2; the unit's service runs it before it starts.
 * stdout holds the result as one JSON document.
 */
export function registerConfig(program: Command): void {
  const config = program.command('config').description('unit configuration files');
  config
    .command('check')
    .description(
      'validate a unit config (docs/device-config.md): each problem as `path (line N): message`, exit 2; ' +
        'exit 0 when it is valid',
    )
    .argument('<file>', 'unit config file (JSON)')
    .action((file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
      }
      const result = checkDeviceConfig(text);
      if (result.ok) {
        process.stderr.write(`OK: ${file} is a valid config for unit ${result.config.unit_id}\n`);
        process.stdout.write(`${JSON.stringify({ ok: true, file, unit_id: result.config.unit_id })}\n`);
        return;
      }
      for (const p of result.problems) process.stderr.write(`${formatProblem(p)}\n`);
      process.stderr.write('see docs/device-config.md\n');
      process.stdout.write(`${JSON.stringify({ ok: false, file, problems: result.problems })}\n`);
      process.exitCode = 2;
    });
  config
    .command('doc')
    .description('print the config reference generated from the schema, or --write it into a document')
    .option('--write <file>', 'replace the reference block of this document (docs/device-config.md)')
    .action((flags: { write?: string }) => {
      if (!flags.write) {
        process.stdout.write(`${configReference()}\n`);
        return;
      }
      writeFileSync(flags.write, withReference(readFileSync(flags.write, 'utf8')));
    });
}
