import type { ProtocolCreate, ProtocolView } from '../../shared/api-protocols.js';
import type { Clock } from '../../shared/clock.js';
import {
  BUILT_IN_PROTOCOLS,
  findProtocol,
  type Protocol,
  paramsHash,
  protocolSchema,
} from '../../shared/schemas/protocol.js';
import type { ProtocolRef } from '../../shared/schemas/protocol-ref.js';
import type { ProtocolRow } from '../store/protocols-repo.js';
import type { ControllerStore } from '../store/repos.js';

/** A stored protocol as it is imported and exported. */
export type StoredProtocol = Protocol & { created_at: number | null; created_by: string | null };

/** How an import went: stored, already there as the very same file, or name@version taken by other parameters. */
export type ImportOutcome = 'inserted' | 'identical' | 'conflict';

/** The protocol alone, as its file carries it (no storage bookkeeping). */
export function protocolFile(p: StoredProtocol): Protocol {
  const { created_at: _at, created_by: _by, ...protocol } = p;
  return protocol;
}

const refKey = (r: ProtocolRef) => `${r.name}@${r.version}`;

function fromRow(row: ProtocolRow): StoredProtocol {
  const protocol = protocolSchema.parse({
    name: row.name,
    version: row.version,
    title: row.title,
    ...(row.description !== null ? { description: row.description } : {}),
    params: JSON.parse(row.params_json),
  });
  return { ...protocol, created_at: row.created_at, created_by: row.created_by };
}

/**
 * The protocol library: the built-in protocols and a clinic's own, stored once per name@version
 * and never changed. A new version supersedes the previous one; nothing is edited in place.
 */
export class ProtocolLibrary {
  constructor(
    private readonly store: ControllerStore,
    private readonly clock: Clock,
  ) {}

  /** Built-ins first, then the stored ones; each name's newest version first. */
  async all(): Promise<StoredProtocol[]> {
    const stored = (await this.store.protocols.list()).map(fromRow);
    const builtIn = BUILT_IN_PROTOCOLS.map((p) => ({ ...p, created_at: null, created_by: null }));
    return [...builtIn, ...stored].sort((a, b) =>
      a.name === b.name ? b.version - a.version : a.name < b.name ? -1 : 1,
    );
  }

  async find(ref: ProtocolRef): Promise<StoredProtocol | undefined> {
    const builtIn = findProtocol(ref);
    if (builtIn) return { ...builtIn, created_at: null, created_by: null };
    const row = await this.store.protocols.get(ref.name, ref.version);
    return row ? fromRow(row) : undefined;
  }

  /** Every version with its hash, what supersedes it, and whether a schedule or a report uses it. */
  async views(): Promise<ProtocolView[]> {
    const all = await this.all();
    const used = await this.usedKeys();
    return all.map((p) => {
      const later = all.filter((q) => q.name === p.name && q.version > p.version).map((q) => q.version);
      return {
        ...p,
        hash: paramsHash(p.params),
        built_in: findProtocol(p) !== undefined,
        superseded_by: later.length > 0 ? Math.min(...later) : null,
        in_use: used.has(refKey(p)),
      };
    });
  }

  /** A new protocol, or the next version of an existing name (built in or stored). */
  async create(body: ProtocolCreate, actor: string): Promise<StoredProtocol> {
    const floor = Math.max(
      0,
      ...BUILT_IN_PROTOCOLS.filter((p) => p.name === body.name).map((p) => p.version),
    );
    const row = await this.store.protocols.insertNext(body.name, floor, (version) =>
      this.toRow({ ...body, format: 1, version }, actor),
    );
    return fromRow(row);
  }

  /** Stores an imported protocol (its hash already checked) unless that name@version exists. */
  async import(protocol: Protocol, actor: string): Promise<ImportOutcome> {
    const builtIn = findProtocol(protocol);
    if (builtIn) return paramsHash(builtIn.params) === paramsHash(protocol.params) ? 'identical' : 'conflict';
    return this.store.protocols.insert(this.toRow(protocol, actor));
  }

  private toRow(p: Protocol, actor: string): ProtocolRow {
    return {
      name: p.name,
      version: p.version,
      title: p.title,
      description: p.description ?? null,
      params_json: JSON.stringify(p.params),
      hash: paramsHash(p.params),
      created_at: this.clock.now(),
      created_by: actor.slice(0, 64),
    };
  }

  /** name@version of every protocol a desired schedule or a stored session report references. */
  private async usedKeys(): Promise<Set<string>> {
    const keys = new Set((await this.store.protocols.reportedRefs()).map(refKey));
    for (const json of await this.store.protocols.scheduleJsons()) {
      const schedule = JSON.parse(json) as { entries?: { protocol?: ProtocolRef }[] };
      for (const entry of schedule.entries ?? []) if (entry.protocol) keys.add(refKey(entry.protocol));
    }
    return keys;
  }
}
