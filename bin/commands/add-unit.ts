import type { Command } from 'commander';
import { openStore } from '../../controller/store/open.js';
import { repositories } from '../../controller/store/repos.js';
import { unitId } from '../options.js';

/** Issues a unit's login for the embedded broker and prints it once, as JSON. */
export function registerAddUnit(program: Command): void {
  program
    .command('add-unit')
    .description("create or renew a unit's MQTT login on the controller's embedded broker; prints it as JSON")
    .argument('<id>', 'unit id (1–32 of a-z, 0-9, -)', unitId)
    .option('--db <url>', 'sqlite:PATH or postgres://…', 'sqlite:./data/nocturne.db')
    .action(async (id: string, flags: { db: string }) => {
      const store = await openStore(flags.db);
      try {
        const password = await repositories(store).accounts.issue(id, 'unit', Date.now());
        process.stdout.write(`${JSON.stringify({ username: id, password })}\n`);
      } finally {
        await store.close();
      }
    });
}
