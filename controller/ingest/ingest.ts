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
  isDurableKind,
  type PayloadOf,
  parseTopic,
  type UnitTopicKind,
  unitPrefix,
  unitTopics,
} from '../../shared/topics.js';
import type { Relay } from '../cluster/relay.js';
import { ControllerErrorCode, RejectReason } from '../errors.js';
import type { DurableMessage } from '../store/durable-repo.js';
import type { ControllerStore } from '../store/repos.js';
import { BatchQueue } from './batch-queue.js';
import { DEFERRED, deferredAck } from './deferred-ack.js';
import { LatestValues } from './latest-values.js';
import { type IngestMode, subscriptionsFor } from './subscriptions.js';

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
  /**
   * `single` (default): this process ingests everything. `cluster`: one of several controller
   * processes; the durable messages and command answers come through the shared subscription of
   * the ingest group, the latest values to every process. `drain`: takes over the persistent
   * session of a process that died (its client id) and subscribes to nothing itself.
   */
  mode?: IngestMode;
  /**
   * Tells every controller process which units' stored data changed (PostgreSQL NOTIFY with
   * several processes); without it only this process's listeners hear of it.
   */
  relay?: Relay<string[]>;
}

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
  private readonly queue = new BatchQueue<IngestOutcome>((batch) => this.handleBatch(batch));
  private stopRelay: (() => void) | undefined;

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
      ...this.login(),
      persistent: true,
      random: this.o.random.fork('ingest-reconnect'),
      log: this.o.log,
    });
    // The next packet flows at once; the PUBACK goes out after the message's batch commits.
    client.handleMessage = (packet, callback) => {
      if (packet.cmd !== 'publish' || packet.qos === 0) return callback();
      this.ackAfterStoring(packet.topic, Buffer.from(packet.payload), deferredAck(client, packet));
      callback(DEFERRED);
    };
    this.client = client;
    this.stopRetrying = stopRetrying;
    this.stopRelay = this.o.relay?.onReceive((units) => {
      for (const unit of units) this.updates.emit(unit);
    });
    const filters = subscriptionsFor(this.o.mode ?? 'single', this.o.durableOverMqtt !== false);
    client.on('connect', (connack) => {
      this.o.log.info({ url: this.o.url, session_present: connack.sessionPresent }, 'ingest connected');
      if (filters.length === 0) return;
      const topics = Object.fromEntries(filters.map((t) => [t, { qos: 1 as const }]));
      client.subscribe(topics, (err) => {
        if (err) this.o.log.error({ err: errorMessage(err) }, 'ingest subscribe failed');
      });
    });
    client.on('error', (err) => this.o.log.warn({ err: errorMessage(err) }, 'ingest mqtt error'));
  }

  private login() {
    const o = this.o;
    return {
      connect: o.connect,
      url: o.url,
      username: o.username,
      password: o.password,
      protocol: o.protocol,
      tls: o.tls,
      clientId: o.clientId,
    };
  }

  async stop(): Promise<void> {
    this.stopRetrying?.();
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync();
    await this.queue.drain();
    this.stopRelay?.();
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

  /** Whether ingest's MQTT connection is up. */
  get connected(): boolean {
    return this.client?.connected === true;
  }

  /**
   * Leaves the ingest group and ends this client's persistent session at the broker once what it
   * held is stored (a drained slot: controller/cluster/orphan-drain.ts). Resolves after `idleMs`
   * without a message.
   */
  async retire(idleMs: number): Promise<void> {
    const client = this.client;
    if (!client) return;
    await client.unsubscribeAsync(subscriptionsFor('cluster', true));
    await this.untilIdle(idleMs);
    await this.stop();
    // A clean connection with the same client id makes the broker discard the session.
    const { client: clean, stopRetrying } = connectManaged({
      ...this.login(),
      persistent: false,
      random: this.o.random.fork('ingest-retire'),
      log: this.o.log,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        clean.once('connect', () => resolve());
        clean.once('error', reject);
      });
    } finally {
      stopRetrying();
      await clean.endAsync();
    }
  }

  /** Resolves once no message has arrived for `idleMs` and every one is handled. */
  async untilIdle(idleMs: number): Promise<void> {
    let seen = -1;
    for (;;) {
      const { accepted, duplicates, rejected } = this.counters;
      const now = accepted + duplicates + rejected;
      if (now === seen) break;
      seen = now;
      await this.o.clock.sleep(idleMs);
      await this.queue.drain();
    }
  }

  stats(): { accepted: number; duplicates: number; rejected: number } {
    return { ...this.counters };
  }

  /** Writes the pending latest values (`status`, `info`, `state`) now. */
  flush(): Promise<void> {
    return this.latest.flush();
  }

  /** Validates and stores one message, in a batch with those arriving at the same time. */
  handle(topic: string, payload: Buffer): Promise<IngestOutcome> {
    return this.queue.enqueue(topic, payload);
  }

  /**
   * Validates a batch and stores its durable messages in one transaction (the other kinds are
   * latest values, written behind, or rare command answers stored one by one). Never throws: a
   * message that cannot be stored is `failed` and must not be acknowledged.
   */
  private async handleBatch(batch: readonly { topic: string; payload: Buffer }[]): Promise<IngestOutcome[]> {
    const at = this.o.clock.now();
    const outcomes: IngestOutcome[] = batch.map(() => 'failed');
    const durables: {
      index: number;
      unit: string;
      kind: UnitTopicKind;
      durable: DurableMessage;
      json: string;
    }[] = [];
    const changed = new Set<string>();
    for (const [index, { topic, payload }] of batch.entries()) {
      const parsed = parseTopic(topic);
      const unit = parsed?.unit ?? '';
      try {
        const durable = durableMessage(topic, payload);
        if (durable) {
          durables.push({ index, unit, kind: durable.durable.kind, ...durable });
          continue;
        }
        const isNew = await this.store(topic, payload, at);
        outcomes[index] = this.counted(isNew, unit, parsed?.kind);
        if (isNew && !isLatestValue(parsed?.kind)) changed.add(unit);
      } catch (err) {
        outcomes[index] = await this.failure(unit, topic, err, at);
      }
    }
    if (durables.length > 0) {
      try {
        const isNew = await this.o.store.durable.recordBatch(durables, at);
        durables.forEach((d, i) => {
          outcomes[d.index] = this.counted(isNew[i] === true, d.unit, d.kind);
          if (isNew[i]) changed.add(d.unit);
        });
      } catch (err) {
        this.o.log.error({ messages: durables.length, err: errorMessage(err) }, 'could not store a batch');
      }
    }
    if (changed.size > 0) this.announce([...changed]);
    return outcomes;
  }

  private counted(isNew: boolean, unit: string, kind: UnitTopicKind | undefined): IngestOutcome {
    if (!isNew) {
      this.counters.duplicates++;
      return 'duplicate';
    }
    this.counters.accepted++;
    if (kind) this.stored.emit({ unit, kind });
    return 'stored';
  }

  private async failure(unit: string, topic: string, err: unknown, at: number): Promise<IngestOutcome> {
    const reason = err instanceof Rejected ? err.reason : RejectReason.StoreFailed;
    if (reason === RejectReason.StoreFailed) {
      this.o.log.error({ topic, err: errorMessage(err) }, 'could not store a message');
      return 'failed';
    }
    await this.countReject(unit, topic, reason, err, at);
    return 'rejected';
  }

  /** Durable and command-answer updates: every process's live streams hear of them. */
  private announce(units: string[]): void {
    if (this.o.relay) this.o.relay.send(units);
    else for (const unit of units) this.updates.emit(unit);
  }

  /**
   * Acknowledges a message once it is stored or rejected for good. When storing fails (the
   * database is away) the connection is dropped without an acknowledgement, so the broker keeps
   * the message and delivers it again after the reconnect; after a few tries it is counted.
   */
  private ackAfterStoring(topic: string, payload: Buffer, ack: () => void): void {
    // Not acknowledged: the broker delivers it again on the next connection.
    const withhold = () => this.client?.stream.destroy();
    this.handle(topic, payload).then(async (outcome) => {
      if (outcome !== 'failed') return ack();
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
        return ack();
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
    checkSize(payload);
    const text = payload.toString('utf8');
    const { control } = this.o.store;
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
      case 'session/samples':
      case 'session/report':
        throw new Error(`${kind} is stored in batches (durableMessage)`);
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

/** The validated durable message on this topic, or undefined for another kind; throws Rejected. */
function durableMessage(
  topic: string,
  payload: Buffer,
): { durable: DurableMessage; json: string } | undefined {
  const parsed = parseTopic(topic);
  const kind = parsed?.kind;
  if (!parsed || !kind || !isDurableKind(kind)) return undefined;
  checkSize(payload);
  const json = payload.toString('utf8');
  const unit = parsed.unit;
  switch (kind) {
    case 'session/event':
      return { durable: { kind, message: validate(kind, json, unit) }, json };
    case 'session/samples':
      return { durable: { kind, message: validate(kind, json, unit) }, json };
    case 'session/report':
      return { durable: { kind, message: validate(kind, json, unit) }, json };
  }
}

function checkSize(payload: Buffer): void {
  if (payload.length > MAX_PAYLOAD_BYTES)
    throw new Rejected(
      RejectReason.TooLarge,
      `payload of ${payload.length} bytes (at most ${MAX_PAYLOAD_BYTES})`,
    );
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
