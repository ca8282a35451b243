import { type Command, InvalidArgumentError, Option } from 'commander';
import { createUser } from '../../controller/auth/users.js';
import { openStore } from '../../controller/store/open.js';
import { repositories } from '../../controller/store/repos.js';
import { type Role, roleSchema, usernameSchema } from '../../shared/api-people.js';
import { RealClock } from '../../shared/clock.js';
import { UsageError } from '../../shared/errors.js';

function username(value: string): string {
  const parsed = usernameSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]?.message ?? 'invalid username');
  return parsed.data;
}

/** Dashboard accounts: `nocturne user add NAME --role …` prints the generated password once. */
export function registerUser(program: Command): void {
  const user = program.command('user').description('dashboard accounts (people, not MQTT logins)');
  user
    .command('add')
    .description('create a dashboard account with a generated password; prints it once, as JSON')
    .argument('<name>', 'username (1–64 of a-z, 0-9, ".", "_", "-")', username)
    .addOption(
      new Option('--role <role>', 'what the account may do')
        .choices(roleSchema.options)
        .makeOptionMandatory(),
    )
    .option('--db <url>', 'sqlite:PATH or postgres://…', 'sqlite:./data/nocturne.db')
    .action(async (name: string, flags: { role: Role; db: string }) => {
      const store = await openStore(flags.db);
      try {
        const issued = await createUser(repositories(store), new RealClock(), name, flags.role);
        if (!issued) throw new UsageError(`user ${name} exists already`);
        process.stdout.write(`${JSON.stringify(issued)}\n`);
      } finally {
        await store.close();
      }
    });
}
