import type { Clock } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import { formatIssues } from '../../shared/format-issues.js';
import { Listeners } from '../../shared/listeners.js';
import type { Logger } from '../../shared/log.js';
import type { MqttClient, MqttConnect } from '../../shared/mqtt.js';
import {
  allUnitsTopic,
  type PayloadOf,
  parseTopic,
  type UnitTopicKind,
  unitTopics,
} from '../../shared/topics.js';
import { RejectReason } from '../errors.js';
import type { ControllerStore } from '../store/repos.js';

export interface IngestOptions {
  connect: MqttConnect;
  url: string;
  username?: string;
  password?: string;
  /** Fixed, so the broker keeps this client's persistent session (and its QoS 1 backlog). */
  clientId: string;
  store: ControllerStore;
  clock: Clock;
  log: Logger;
}

/** The topics ingest stores. */
const INGESTED = ['status', 'info', 'state', 'session/event'] as const satisfies readonly UnitTopicKind[];

class Rejected extends Error {
  constructor(
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * MQTT → store. Validates every message with the shared schemas; stores session events
 * idempotently on (unit, epoch, seq); counts what it rejects per unit and reason; never throws
 * out of a message handler.
 */
export class Ingest {
  private client: MqttClient | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly updates = new Listeners<string>();
  private readonly counters = { accepted: 0, duplicates: 0, rejected: 0 };

  constructor(private readonly o: IngestOptions) {}

  async start(): Promise<void> {
    const client = this.o.connect(this.o.url, {
      clientId: this.o.clientId,
      protocolVersion: 4,
      clean: false,
      username: this.o.username,
      password: this.o.password,
      reconnectPeriod: 1000,
    });
    this.client = client;
    client.on('connect', (connack) => {
      this.o.log.info({ url: this.o.url, session_present: connack.sessionPresent }, 'ingest connected');
      const topics = Object.fromEntries(INGESTED.map((kind) => [allUnitsTopic(kind), { qos: 1 as const }]));
      client.subscribe(topics, (err) => {
        if (err) this.o.log.error({ err: errorMessage(err) }, 'ingest subscribe failed');
      });
    });
    client.on('error', (err) => this.o.log.warn({ err: errorMessage(err) }, 'ingest mqtt error'));
    client.on('message', (topic, payload) => {
      // One message at a time, in arrival order.
      this.queue = this.queue.then(() => this.handle(topic, payload));
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync();
    await this.queue;
    this.updates.clear();
  }

  /** Called with a unit id whenever something about it was stored. */
  onUpdate(listener: (unit: string) => void): () => void {
    return this.updates.add(listener);
  }

  stats(): { accepted: number; duplicates: number; rejected: number } {
    return { ...this.counters };
  }

  /** Validates and stores one message. Exposed for tests that feed payloads without a broker. */
  async handle(topic: string, payload: Buffer): Promise<void> {
    const at = this.o.clock.now();
    const unit = parseTopic(topic)?.unit ?? '';
    try {
      const stored = await this.store(topic, payload, at);
      if (stored) {
        this.counters.accepted++;
        this.updates.emit(unit);
      } else this.counters.duplicates++;
    } catch (err) {
      const reason = err instanceof Rejected ? err.reason : RejectReason.StoreFailed;
      this.counters.rejected++;
      this.o.log.warn({ topic, reason, err: errorMessage(err) }, 'message rejected');
      await this.o.store.rejects
        .count(unit, reason, errorMessage(err), at)
        .catch((e: unknown) => this.o.log.error({ err: errorMessage(e) }, 'could not count a reject'));
    }
  }

  /** Returns false for a duplicate session event. */
  private async store(topic: string, payload: Buffer, at: number): Promise<boolean> {
    const parsed = parseTopic(topic);
    if (!parsed)
      throw new Rejected(RejectReason.BadTopic, `not a nocturne/v1/<unit>/ topic: ${topic.slice(0, 200)}`);
    const kind = parsed.kind;
    if (!kind || !isIngested(kind))
      throw new Rejected(RejectReason.UnknownTopic, `not ingested: ${parsed.suffix}`);
    const text = payload.toString('utf8');
    const { units, sessions } = this.o.store;
    switch (kind) {
      case 'status': {
        const m = validate(kind, text, parsed.unit);
        // Going offline takes the arrival time: the Last Will's ts is that of the connection.
        await units.recordStatus(parsed.unit, m.state === 'online', m.state === 'online' ? m.ts : at);
        return true;
      }
      case 'info':
        validate(kind, text, parsed.unit);
        await units.recordInfo(parsed.unit, text, at);
        return true;
      case 'state': {
        const m = validate(kind, text, parsed.unit);
        await units.recordState(parsed.unit, text, m.ts, at);
        return true;
      }
      case 'session/event':
        return sessions.recordEvent(validate(kind, text, parsed.unit), text, at);
    }
  }
}

type IngestedKind = (typeof INGESTED)[number];

function isIngested(kind: UnitTopicKind): kind is IngestedKind {
  return (INGESTED as readonly UnitTopicKind[]).includes(kind);
}

/** Parses and checks a payload against its topic's schema and the unit in the topic. */
function validate<K extends IngestedKind>(kind: K, text: string, unit: string): PayloadOf<K> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Rejected(RejectReason.NotJson, 'payload is not JSON');
  }
  const result = unitTopics[kind].schema.safeParse(json);
  if (!result.success)
    throw new Rejected(RejectReason.Schema, formatIssues(result.error).replaceAll('\n', '; '));
  const message = result.data as PayloadOf<K>;
  if (message.unit !== unit) {
    throw new Rejected(RejectReason.UnitMismatch, `payload unit ${message.unit} on the topic of ${unit}`);
  }
  return message;
}
