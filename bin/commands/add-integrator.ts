import type { Command } from 'commander';
import { integratorUsername } from '../../controller/broker/broker-config.js';
import { openStore } from '../../controller/store/open.js';
import { repositories } from '../../controller/store/repos.js';
import { UsageError } from '../../shared/errors.js';
import { integratorName } from '../options.js';

/**
 * An integrator's MQTT login on the embedded broker: reads every unit's telemetry, writes nothing
 * (DESIGN.md ACL). Prints `{username, password}` once; run again to rotate, `--revoke` to delete.
 */
export function registerAddIntegrator(program: Command): void {
  program
    .command('add-integrator')
    .description(
      "create, rotate (run again) or --revoke an integrator's read-only MQTT login on the embedded broker",
    )
    .argument('<name>', 'integrator name (1–32 of a-z, 0-9, - and _)', integratorName)
    .option('--db <url>', 'sqlite:PATH or postgres://…', 'sqlite:./data/nocturne.db')
    .option('--revoke', 'delete the login (the integrator is disconnected)', false)
    .action(async (name: string, flags: { db: string; revoke: boolean }) => {
      const username = integratorUsername(name);
      const store = await openStore(flags.db);
      try {
        const accounts = repositories(store).accounts;
        if (flags.revoke) {
          if (!(await accounts.revoke(username))) throw new UsageError(`integrator ${name} has no login`);
          process.stdout.write(`${JSON.stringify({ username, revoked: true })}\n`);
          return;
        }
        const password = await accounts.issue(username, 'integrator', Date.now());
        process.stdout.write(`${JSON.stringify({ username, password })}\n`);
      } finally {
        await store.close();
      }
    });
}
