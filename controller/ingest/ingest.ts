import { createHash } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import { errorMessage, NocturneError } from '../../shared/errors.js';
import { formatIssues } from '../../shared/format-issues.js';
import { MAX_PAYLOAD_BYTES } from '../../shared/limits.js';
import { Listeners } from '../../shared/listeners.js';
import type { Logger } from '../../shared/log.js';
import type { MqttClient, MqttConnect } from '../../shared/mqtt.js';
import { type BrokerTls, connectManaged } from '../../shared/mqtt-client.js';
import type { Random } from '../../shared/random.js';
import type { CommandAck } from '../../shared/schemas/command.js';
import {
  ALL_ACKS_FILTER,
  allUnitsTopic,
  DURABLE_KINDS,
  isDurableKind,
  type PayloadOf,
  parseTopic,
  type UnitTopicKind,
  unitPrefix,
  unitTopics,
} from '../../shared/topics.js';
import { ControllerErrorCode, RejectReason } from '../errors.js';
import type { ControllerStore } from '../store/repos.js';
import { LatestValues } from './latest-values.js';

export interface IngestOptions {
  connect: MqttConnect;
  url: string;
  username?: string;
  /** TLS towards the broker (certificate always verified). */
  tls?: BrokerTls;
  password?: string;
  /** 4 = MQTT 3.1.1; 5 also asks the broker to keep the session while ingest is down. */
  protocol?: 4 | 5;
  /** Fixed, so the broker keeps this client's persistent session (and its QoS 1 backlog). */
  clientId: string;
  store: ControllerStore;
  clock: Clock;
  random: Random;
  log: Logger;
  /**
   * Whether to subscribe to the durable session topics too (default). Off with the embedded
   * broker, whose `beforeAck` hook hands them to `handle` before the unit gets its PUBACK.
   */
  durableOverMqtt?: boolean;
}

/**
 * What ingest always subscribes to: everything a unit publishes but the durable session topics
 * (added only when `durableOverMqtt`, else the embedded broker's hook would hand them over a
 * second time and every reject would be counted twice), and the acks of every command by one wildcard.
 */
const SUBSCRIPTIONS = [
  ...(Object.keys(unitTopics) as UnitTopicKind[])
    .filter((kind) => !kind.startsWith('cmd/') && !isDurableKind(kind))
    .map(allUnitsTopic),
  ALL_ACKS_FILTER,
];
/** A message whose storing keeps failing is acknowledged after this many tries, and counted. */
const MAX_STORE_ATTEMPTS = 3;

export type IngestOutcome = 'stored' | 'duplicate' | 'rejected' | 'failed';

class Rejected extends Error {
  constructor(
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * MQTT → store. A fixed client id, a persistent session and QoS 1, and a message is acknowledged
 * to the broker only once it is stored (mqtt.js `handleMessage`): what arrives while ingest is
 * down or busy waits at the broker. The latest-value topics are written behind (LatestValues). Validates every message with the shared schemas; stores the
 * durable session messages idempotently on (unit, epoch, seq); counts what it rejects per unit
 * and reason; never throws out of a message handler.
 */
export class Ingest {
  private client: MqttClient | undefined;
  private stopRetrying: (() => void) | undefined;
  private readonly updates = new Listeners<string>();
  private readonly stored = new Listeners<{ unit: string; kind: UnitTopicKind }>();
  private readonly acks = new Listeners<{ unit: string; ack: CommandAck }>();
  private readonly attempts = new Map<string, number>();
  private readonly counters = { accepted: 0, duplicates: 0, rejected: 0 };
  private readonly latest: LatestValues;

  constructor(private readonly o: IngestOptions) {
    this.latest = new LatestValues({
      units: o.store.units,
      clock: o.clock,
      log: o.log,
      flushed: (units) => {
        for (const unit of units) this.updates.emit(unit);
      },
    });
  }

  async start(): Promise<void> {
    const { client, stopRetrying } = connectManaged({
      connect: this.o.connect,
      url: this.o.url,
      username: this.o.username,
      password: this.o.password,
      protocol: this.o.protocol,
      tls: this.o.tls,
      clientId: this.o.clientId,
      persistent: true,
      random: this.o.random.fork('ingest-reconnect'),
      log: this.o.log,
    });
    // mqtt.js sends the PUBACK only when this calls back, and hands over the next message only
    // then: one message at a time, acknowledged once stored.
    client.handleMessage = (packet, callback) => {
      if (packet.cmd !== 'publish') return callback();
      this.ackAfterStoring(packet.topic, Buffer.from(packet.payload), callback);
    };
    this.client = client;
    this.stopRetrying = stopRetrying;
    client.on('connect', (connack) => {
      this.o.log.info({ url: this.o.url, session_present: connack.sessionPresent }, 'ingest connected');
      const durable = this.o.durableOverMqtt === false ? [] : DURABLE_KINDS.map(allUnitsTopic);
      const topics = Object.fromEntries([...SUBSCRIPTIONS, ...durable].map((t) => [t, { qos: 1 as const }]));
      client.subscribe(topics, (err) => {
        if (err) this.o.log.error({ err: errorMessage(err) }, 'ingest subscribe failed');
      });
    });
    client.on('error', (err) => this.o.log.warn({ err: errorMessage(err) }, 'ingest mqtt error'));
  }

  async stop(): Promise<void> {
    this.stopRetrying?.();
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync();
    await this.latest.stop();
    this.updates.clear();
    this.stored.clear();
    this.acks.clear();
  }

  /** Called with a unit id whenever something about it was stored. */
  onUpdate(listener: (unit: string) => void): () => void {
    return this.updates.add(listener);
  }

  /** Called with each new answer of a unit to a command (the audit log records it). */
  onCommandAck(listener: (event: { unit: string; ack: CommandAck }) => void): () => void {
    return this.acks.add(listener);
  }

  /** Called after each stored message with its unit and kind. */
  onStored(listener: (event: { unit: string; kind: UnitTopicKind }) => void): () => void {
    return this.stored.add(listener);
  }

  stats(): { accepted: number; duplicates: number; rejected: number } {
    return { ...this.counters };
  }

  /** Writes the pending latest values (`status`, `info`, `state`) now. */
  flush(): Promise<void> {
    return this.latest.flush();
  }

  /** Validates and stores one message. Exposed for tests that feed payloads without a broker. */
  async handle(topic: string, payload: Buffer): Promise<IngestOutcome> {
    const at = this.o.clock.now();
    const parsed = parseTopic(topic);
    const unit = parsed?.unit ?? '';
    try {
      const isNew = await this.store(topic, payload, at);
      if (isNew) {
        this.counters.accepted++;
        if (!isLatestValue(parsed?.kind)) this.updates.emit(unit);
        if (parsed?.kind) this.stored.emit({ unit, kind: parsed.kind });
        return 'stored';
      }
      this.counters.duplicates++;
      return 'duplicate';
    } catch (err) {
      const reason = err instanceof Rejected ? err.reason : RejectReason.StoreFailed;
      if (reason === RejectReason.StoreFailed) {
        this.o.log.error({ topic, err: errorMessage(err) }, 'could not store a message');
        return 'failed';
      }
      await this.countReject(unit, topic, reason, err, at);
      return 'rejected';
    }
  }

  /**
   * Acknowledges a message once it is stored or rejected for good. When storing fails (the
   * database is away) the connection is dropped without an acknowledgement, so the broker keeps
   * the message and delivers it again after the reconnect; after a few tries it is counted.
   */
  private ackAfterStoring(topic: string, payload: Buffer, done: (err?: Error) => void): void {
    const withhold = () => {
      this.client?.stream.destroy();
      done(
        new NocturneError(ControllerErrorCode.StoreFailed, 'not stored; the broker will deliver it again'),
      );
    };
    this.handle(topic, payload).then(async (outcome) => {
      if (outcome !== 'failed') return done();
      const key = createHash('sha1').update(topic).update(payload).digest('hex');
      const tries = (this.attempts.get(key) ?? 0) + 1;
      this.attempts.set(key, tries);
      if (tries >= MAX_STORE_ATTEMPTS) {
        this.attempts.delete(key);
        await this.countReject(
          parseTopic(topic)?.unit ?? '',
          topic,
          RejectReason.StoreFailed,
          new NocturneError(ControllerErrorCode.StoreFailed, 'store failed'),
          this.o.clock.now(),
        );
        return done();
      }
      withhold();
    }, withhold);
  }

  private async countReject(
    unit: string,
    topic: string,
    reason: RejectReason,
    err: unknown,
    at: number,
  ): Promise<void> {
    this.counters.rejected++;
    this.o.log.warn({ topic: topic.slice(0, 200), reason, err: errorMessage(err) }, 'message rejected');
    await this.o.store.rejects
      .count(unit, reason, errorMessage(err), at)
      .catch((e: unknown) => this.o.log.error({ err: errorMessage(e) }, 'could not count a reject'));
  }

  /** Returns false for a duplicate (or stale) message. */
  private async store(topic: string, payload: Buffer, at: number): Promise<boolean> {
    const parsed = parseTopic(topic);
    if (!parsed)
      throw new Rejected(
        RejectReason.BadTopic,
        `not a ${unitPrefix('<unit>')} topic: ${topic.slice(0, 200)}`,
      );
    const { kind, unit } = parsed;
    if (!kind) throw new Rejected(RejectReason.UnknownTopic, `not ingested: ${parsed.suffix.slice(0, 200)}`);
    if (payload.length > MAX_PAYLOAD_BYTES)
      throw new Rejected(
        RejectReason.TooLarge,
        `payload of ${payload.length} bytes (at most ${MAX_PAYLOAD_BYTES})`,
      );
    const text = payload.toString('utf8');
    const { durable, control } = this.o.store;
    switch (kind) {
      case 'status': {
        const m = validate(kind, text, unit);
        // Going offline takes the arrival time: the Last Will's ts is that of the connection.
        this.latest.status(unit, m.state === 'online', m.state === 'online' ? m.ts : at);
        return true;
      }
      case 'info':
        validate(kind, text, unit);
        this.latest.info(unit, text, at);
        return true;
      case 'state': {
        const m = validate(kind, text, unit);
        this.latest.state(unit, text, m.ts, at);
        return true;
      }
      case 'session/event':
        return durable.record({ kind, message: validate(kind, text, unit) }, text, at);
      case 'session/samples':
        return durable.record({ kind, message: validate(kind, text, unit) }, text, at);
      case 'session/report':
        return durable.record({ kind, message: validate(kind, text, unit) }, text, at);
      case 'schedule/applied':
        await control.recordApplied(unit, validate(kind, text, unit));
        return true;
      case 'cmd/start/ack':
      case 'cmd/stop/ack':
      case 'cmd/snooze/ack':
      case 'cmd/config/ack': {
        const ack = validate(kind, text, unit);
        const isNew = await control.recordAck(unit, ack, at);
        if (isNew) this.acks.emit({ unit, ack });
        return isNew;
      }
    }
  }
}

function isLatestValue(kind: UnitTopicKind | undefined): boolean {
  return kind === 'status' || kind === 'info' || kind === 'state';
}

/** Parses and checks a payload against its topic's schema and the unit in the topic. */
function validate<K extends UnitTopicKind>(kind: K, text: string, unit: string): PayloadOf<K> {
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
