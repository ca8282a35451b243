import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import { AuditAction, AuditLog } from '../../controller/audit/audit-log.js';
import { ProtocolLibrary, protocolFile } from '../../controller/protocols/library.js';
import { openStore } from '../../controller/store/open.js';
import { type ControllerStore, repositories } from '../../controller/store/repos.js';
import { RealClock } from '../../shared/clock.js';
import { UsageError } from '../../shared/errors.js';
import { silentLogger } from '../../shared/log.js';
import { exportProtocol, importProtocol } from '../../shared/schemas/protocol.js';
import { type ProtocolRef, protocolRefSchema } from '../../shared/schemas/protocol-ref.js';

const DB_HELP = 'sqlite:PATH or postgres://…';
const DEFAULT_DB = 'sqlite:./data/nocturne.db';

function protocolRef(value: string): ProtocolRef {
  const match = /^([^@]+)@(\d+)$/.exec(value);
  const parsed = match && protocolRefSchema.safeParse({ name: match[1], version: Number(match[2]) });
  if (!parsed?.success) throw new InvalidArgumentError('expected NAME@VERSION, e.g. iso-45@1');
  return parsed.data;
}

async function withLibrary<T>(
  db: string,
  work: (library: ProtocolLibrary, store: ControllerStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(db);
  try {
    const repos = repositories(store);
    return await work(new ProtocolLibrary(repos, new RealClock()), repos);
  } finally {
    await store.close();
  }
}

/** The protocol library in the controller database: `nocturne protocol list|export|import`. */
export function registerProtocol(program: Command): void {
  const protocol = program
    .command('protocol')
    .description('the protocol library: named, versioned interventions, exported and imported as one file');
  protocol
    .command('list')
    .description('every version: name@version, hash, title and whether it is built in, in use or superseded')
    .option('--db <url>', DB_HELP, DEFAULT_DB)
    .action(async (flags: { db: string }) => {
      const views = await withLibrary(flags.db, (library) => library.views());
      for (const p of views) {
        const marks = [
          p.built_in ? 'built-in' : undefined,
          p.in_use ? 'in use' : undefined,
          p.superseded_by !== null ? `superseded by v${p.superseded_by}` : undefined,
        ].filter(Boolean);
        process.stdout.write(
          `${p.name}@${p.version}\t${p.hash.slice(0, 12)}\t${p.title}\t${marks.join(', ')}\n`,
        );
      }
    });
  protocol
    .command('export')
    .description('write one version as its protocol file (to stdout, or --out FILE)')
    .argument('<ref>', 'NAME@VERSION', protocolRef)
    .option('--out <file>', 'write the file here instead of stdout')
    .option('--db <url>', DB_HELP, DEFAULT_DB)
    .action(async (ref: ProtocolRef, flags: { out?: string; db: string }) => {
      const found = await withLibrary(flags.db, (library) => library.find(ref));
      if (!found) throw new UsageError(`no protocol ${ref.name}@${ref.version} in ${flags.db}`);
      const text = exportProtocol(protocolFile(found));
      if (flags.out) writeFileSync(flags.out, text);
      else process.stdout.write(text);
    });
  protocol
    .command('import')
    .description('add a protocol file (its hash checked); importing the same file again changes nothing')
    .argument('<file>', 'a protocol file, as `protocol export` writes it')
    .option('--db <url>', DB_HELP, DEFAULT_DB)
    .action(async (file: string, flags: { db: string }) => {
      const imported = importProtocol(readFileSync(file, 'utf8'));
      const actor = `cli:${userInfo().username}`;
      const outcome = await withLibrary(flags.db, async (library, store) => {
        const result = await library.import(imported, actor);
        await new AuditLog(store, new RealClock(), silentLogger()).record({
          actor,
          action: AuditAction.ProtocolImport,
          detail: { name: imported.name, version: imported.version, outcome: result, file },
          outcome: result === 'conflict' ? 'failed' : 'ok',
        });
        return result;
      });
      const ref = `${imported.name}@${imported.version}`;
      if (outcome === 'conflict')
        throw new UsageError(`${ref} exists with other parameters; a version is never changed`);
      process.stdout.write(`${outcome === 'inserted' ? 'imported' : 'already there, unchanged:'} ${ref}\n`);
    });
}
