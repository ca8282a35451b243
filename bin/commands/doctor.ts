import type { Command } from 'commander';
import mqtt from 'mqtt';
import { loadDeviceConfig } from '../../device/config/device-config.js';
import { type DoctorCheck, runDoctor } from '../../device/doctor/doctor.js';
import { createLogger } from '../../shared/log.js';
import { readableFile } from '../options.js';

interface DoctorFlags {
  config?: string;
}

const MARK = { true: '✓', false: '✗', null: '·' } as const;

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'check this machine (GPIO, I2C, PWM, USB, sound, clock) and, with --config, open each port and the audio ' +
        'output once and log in to the broker: one line per check on stderr, the report as JSON on stdout; ' +
        'exit 1 when something configured fails',
    )
    .option(
      '--config <file>',
      'unit config file whose ports to open (see docs/device-config.md)',
      readableFile,
    )
    .action(async (flags: DoctorFlags) => {
      const log = createLogger('doctor', process.env.LOG_LEVEL ?? 'warn');
      const config = flags.config ? loadDeviceConfig(flags.config) : undefined;
      const checks = await runDoctor({ config, log, connect: mqtt.connect });
      for (const c of checks) process.stderr.write(`${formatCheck(c)}\n`);
      const ok = checks.every((c) => c.ok !== false);
      process.stdout.write(`${JSON.stringify({ ok, checks })}\n`);
      const failed = checks.filter((c) => c.ok === false).map((c) => c.name);
      if (failed.length > 0) {
        // Like every command's failure: one closing line, exit 1 (the machine, not the input).
        process.stderr.write(`nocturne: ${failed.length} configured check(s) failed: ${failed.join(', ')}\n`);
        process.exitCode = 1;
      }
    });
}

export function formatCheck(c: DoctorCheck): string {
  const fix = c.fix && !c.summary.includes(c.fix) ? `\n    fix: ${c.fix}` : '';
  return `${MARK[String(c.ok) as keyof typeof MARK]} ${c.name.padEnd(12)} ${c.summary}${fix}`;
}
