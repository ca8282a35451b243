import { hostname } from 'node:os';
import type { Command } from 'commander';
import { openStore } from '../../controller/store/open.js';
import { repositories } from '../../controller/store/repos.js';
import { UsageError } from '../../shared/errors.js';
import { brokerUrl, unitId } from '../options.js';

interface AddUnitFlags {
  db: string;
  brokerUrl: string;
  ca?: string;
  revoke: boolean;
}

/**
 * Issues (or rotates) a unit's login for the embedded broker and prints, once, the `broker` part
 * of its /etc/nocturne/unit.json; `--revoke` deletes it. A running controller disconnects the
 * unit within seconds of either (controller/broker/credential-watch.ts).
 */
export function registerAddUnit(program: Command): void {
  program
    .command('add-unit')
    .description(
      "create, rotate (run again) or --revoke a unit's MQTT login on the embedded broker; prints its unit.json snippet",
    )
    .argument('<id>', 'unit id (1–32 of a-z, 0-9, -)', unitId)
    .option('--db <url>', 'sqlite:PATH or postgres://…', 'sqlite:./data/nocturne.db')
    .option(
      '--broker-url <url>',
      'the broker URL as the unit reaches it',
      brokerUrl,
      `mqtts://${hostname()}:8883`,
    )
    .option('--ca <file>', 'path, on the unit, of the PEM CA that signed the broker certificate')
    .option('--revoke', 'delete the login (the unit is disconnected)', false)
    .action(async (id: string, flags: AddUnitFlags) => {
      const store = await openStore(flags.db);
      try {
        const accounts = repositories(store).accounts;
        if (flags.revoke) {
          if (!(await accounts.revoke(id))) throw new UsageError(`unit ${id} has no login`);
          process.stdout.write(`${JSON.stringify({ unit_id: id, revoked: true })}\n`);
          return;
        }
        const password = await accounts.issue(id, 'unit', Date.now());
        const broker = {
          url: flags.brokerUrl,
          username: id,
          password,
          ...(flags.ca ? { ca: flags.ca } : {}),
        };
        process.stdout.write(`${JSON.stringify({ unit_id: id, broker })}\n`);
      } finally {
        await store.close();
      }
    });
}
