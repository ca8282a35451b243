import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { runFleet } from '../../device/fleet/fleet.js';
import { UsageError } from '../../shared/errors.js';
import { createLogger } from '../../shared/log.js';
import { unitIdSchema } from '../../shared/schemas/common.js';
import { brokerUrl, integerIn, numberIn, positiveNumber } from '../options.js';

interface FleetFlags {
  devices: number;
  broker: string;
  speed: number;
  minutes: number;
  username?: string;
  password?: string;
  stateDir?: string;
  prefix: string;
}

export function registerSimulateFleet(program: Command): void {
  program
    .command('simulate-fleet')
    .description(
      'run N simulated units in one process for a load test: each runs one session, then the JSON summary is printed',
    )
    .requiredOption('--devices <n>', 'number of simulated units', integerIn(1, 2000))
    .requiredOption('--broker <url>', 'MQTT broker, e.g. mqtt://127.0.0.1:1883', brokerUrl)
    .option('--speed <n>', 'simulated time runs this many times faster', positiveNumber, 60)
    .option('--minutes <m>', 'length of each unit session (simulated minutes)', numberIn(1, 90), 20)
    .option('--username <name>', 'MQTT login shared by all units (brokers that need one)')
    .option('--password <secret>', 'MQTT password (or NOCTURNE_MQTT_PASSWORD)')
    .option('--state-dir <dir>', 'keep the units\u2019 state dirs here (default: a temporary dir, removed)')
    .option('--prefix <id>', 'unit ids are <prefix>1..N', 'fleet-')
    .action(async (flags: FleetFlags) => {
      if (!unitIdSchema.safeParse(`${flags.prefix}${flags.devices}`).success)
        throw new UsageError(
          `--prefix "${flags.prefix}" does not make valid unit ids ([a-z0-9-], at most 32)`,
        );
      const log = createLogger('fleet');
      const root = flags.stateDir ?? mkdtempSync(join(tmpdir(), 'nocturne-fleet-'));
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const result = await runFleet(
          {
            devices: flags.devices,
            brokerUrl: flags.broker,
            username: flags.username,
            password: flags.password ?? process.env.NOCTURNE_MQTT_PASSWORD,
            speed: flags.speed,
            sessionMinutes: flags.minutes,
            stateRoot: root,
            idPrefix: flags.prefix,
            log,
          },
          abort.signal,
        );
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        if (!flags.stateDir) rmSync(root, { recursive: true, force: true });
      }
    });
}
