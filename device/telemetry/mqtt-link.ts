import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage, NocturneError } from '../../shared/errors.js';
import { MAX_PAYLOAD_BYTES } from '../../shared/limits.js';
import type { Logger } from '../../shared/log.js';
import type { MqttClient, MqttConnect } from '../../shared/mqtt.js';
import { type BrokerTls, connectManaged } from '../../shared/mqtt-client.js';
import type { BackoffOptions } from '../../shared/mqtt-reconnect.js';
import type { Random } from '../../shared/random.js';
import { SCHEMA_VERSION } from '../../shared/schemas/common.js';
import type { Info } from '../../shared/schemas/info.js';
import type { SessionEvent } from '../../shared/schemas/session-event.js';
import type { SessionReport } from '../../shared/schemas/session-report.js';
import type { SessionSamples } from '../../shared/schemas/session-samples.js';
import type { State } from '../../shared/schemas/state.js';
import {
  ackTopic,
  type DurableKind,
  type PayloadOf,
  parseTopic,
  type UnitTopicKind,
  unitInboundFilters,
  unitTopic,
  unitTopics,
} from '../../shared/topics.js';
import { DeviceErrorCode } from '../errors/codes.js';
import { type CommandAnswer, type CommandHandler, CommandReceiver } from './commands.js';
import type { Body, ScheduleHandler, UnitTelemetry } from './index.js';
import { Outbox, type OutboxOptions } from './outbox.js';
import { OutboxPublisher } from './publisher.js';
import type { StateDir } from './state-dir.js';

export interface MqttLinkOptions {
  connect: MqttConnect;
  url: string;
  unit: string;
  username?: string;
  /** TLS towards the broker (certificate always verified). */
  tls?: BrokerTls;
  password?: string;
  /** 4 = MQTT 3.1.1 (the baseline, any broker); 5 adds session expiry, will delay, message expiry. */
  protocol?: 4 | 5;
  clock: Clock;
  /** Seeds the reconnect jitter. */
  random: Random;
  log: Logger;
  stateDir: StateDir;
  outbox?: OutboxOptions;
  publisher?: { window?: number; backlogPerSecond?: number };
  /** The wall clock commands' expiry is judged by, when the unit's own time runs faster (simulation). */
  commandClock?: Clock;
  reconnect?: Partial<Pick<BackoffOptions, 'minMs' | 'maxMs'>>;
}

/** State goes out at most this often (DESIGN.md: on change, ≤ 2 Hz). */
const STATE_MIN_INTERVAL_MS = 500;
/** How long stop() waits for the outbox to drain and the broker to take the `offline` status. */
const STOP_TIMEOUT_MS = 2000;
/** MQTT 5: a Wi-Fi blip shorter than this never shows the unit offline. */
const WILL_DELAY_S = 30;

type RetainedKind = 'status' | 'info' | 'state' | 'schedule/applied';

/**
 * The unit's MQTT link: a stable client id and a persistent session; retained `status` (with a
 * Last Will), `info`, `state` and `schedule/applied`, re-sent after every reconnect since a broker
 * without persistence forgets them; the durable session messages through the outbox; and the
 * commands and schedule that arrive for the unit.
 */
export class MqttUnitLink implements UnitTelemetry {
  readonly outbox: Outbox;
  private readonly publisher: OutboxPublisher;
  private readonly commands: CommandReceiver;
  private scheduleHandler: ScheduleHandler | undefined;
  private client: MqttClient | undefined;
  private stopRetrying: (() => void) | undefined;
  private readonly retained = new Map<RetainedKind, object>();
  private stateKey = '';
  private stateSentAt = Number.NEGATIVE_INFINITY;
  private stateTimer: Timer | undefined;
  private acknowledged = 0;
  private oversize = 0;

  constructor(private readonly o: MqttLinkOptions) {
    this.outbox = new Outbox(o.stateDir, o.outbox);
    this.publisher = new OutboxPublisher({
      outbox: this.outbox,
      clock: o.clock,
      log: o.log,
      send: (kind, json) => this.sendRaw(kind, json),
      ...o.publisher,
    });
    this.commands = new CommandReceiver({
      db: o.stateDir.db,
      clock: o.clock,
      expiryClock: o.commandClock,
      log: o.log,
      answer: (name, answer) => this.answer(name, answer),
    });
  }

  async start(): Promise<void> {
    const { unit, clock } = this.o;
    const will = this.envelope('status', { state: 'offline' }, clock.now());
    this.publisher.start();
    const { client, stopRetrying } = connectManaged({
      connect: this.o.connect,
      url: this.o.url,
      username: this.o.username,
      password: this.o.password,
      protocol: this.o.protocol,
      tls: this.o.tls,
      clientId: `nocturne-unit-${unit}`,
      persistent: true,
      will: {
        topic: unitTopic(unit, 'status'),
        payload: Buffer.from(JSON.stringify(will)),
        qos: 1,
        retain: true,
        delayS: WILL_DELAY_S,
      },
      backoff: this.o.reconnect,
      random: this.o.random.fork('reconnect'),
      log: this.o.log,
    });
    this.client = client;
    this.stopRetrying = stopRetrying;
    client.on('connect', (connack) => {
      this.o.log.info({ url: this.o.url, session_present: connack.sessionPresent }, 'connected to broker');
      // Subscribed on every connect: a broker that lost the session has forgotten the subscription.
      const filters = Object.fromEntries(unitInboundFilters(unit).map((f) => [f, { qos: 1 as const }]));
      client.subscribe(filters, (err) => {
        if (err) this.o.log.error({ err: errorMessage(err) }, 'subscribe failed');
      });
      this.retained.set('status', { state: 'online' });
      for (const [kind, body] of this.retained) this.publishRetained(kind, body);
      this.publisher.connectionUp();
    });
    client.on('close', () => this.publisher.connectionDown());
    client.on('error', (err) => this.o.log.warn({ err: errorMessage(err) }, 'mqtt error'));
    client.on('message', (topic, payload) => this.receive(topic, payload));
  }

  async stop(): Promise<void> {
    if (this.stateTimer) {
      // The newest state (after a stop: silence and darkness) goes out before `offline`.
      this.stateTimer.cancel();
      this.stateTimer = undefined;
      this.flushState();
    }
    this.commands.setHandler(undefined);
    this.stopRetrying?.();
    const client = this.client;
    this.client = undefined;
    if (client?.connected) {
      await withTimeout(this.publisher.whenDrained(), STOP_TIMEOUT_MS).catch(() =>
        this.o.log.warn(
          { pending: this.outbox.pending },
          'stopping with messages in the outbox; sent after restart',
        ),
      );
      const offline = this.envelope('status', { state: 'offline' }, this.o.clock.now());
      await withTimeout(this.send(client, 'status', offline), STOP_TIMEOUT_MS).catch((err: unknown) =>
        this.o.log.warn({ err: errorMessage(err) }, 'could not publish offline status'),
      );
    }
    this.publisher.stop();
    await client?.endAsync(true);
  }

  publishInfo(info: Body<Info>): void {
    this.setRetained('info', info);
  }

  publishState(state: Body<State>): void {
    const key = JSON.stringify(state);
    if (key === this.stateKey) return;
    this.stateKey = key;
    this.retained.set('state', state);
    if (this.stateTimer) return; // a send is already scheduled and will take the newest state
    const wait = this.stateSentAt + STATE_MIN_INTERVAL_MS - this.o.clock.monotonic();
    if (wait <= 0) this.flushState();
    else
      this.stateTimer = this.o.clock.setTimeout(() => {
        this.stateTimer = undefined;
        this.flushState();
      }, wait);
  }

  async publishSessionEvent(event: Body<SessionEvent>): Promise<void> {
    this.enqueue('session/event', event.session_id, event);
  }

  async publishSessionSamples(samples: Body<SessionSamples>): Promise<void> {
    this.enqueue('session/samples', samples.session_id, samples);
  }

  async publishSessionReport(report: Body<SessionReport>): Promise<void> {
    this.enqueue('session/report', report.session_id, report);
  }

  onCommand(handler: CommandHandler): void {
    this.commands.setHandler(handler);
  }

  onSchedule(handler: ScheduleHandler): void {
    this.scheduleHandler = handler;
  }

  /** Commands refused since start. */
  get rejectedCommands(): number {
    return this.commands.rejected;
  }

  /** Inbound messages over MAX_PAYLOAD_BYTES, dropped unparsed since start. */
  get rejectedOversize(): number {
    return this.oversize;
  }

  /** Messages the broker acknowledged since start, and the outbox. */
  stats(): { epoch: string; acknowledged: number; pending: number; merged: number; next_seq: number } {
    return {
      epoch: this.o.stateDir.epoch,
      acknowledged: this.acknowledged,
      pending: this.outbox.pending,
      merged: this.outbox.merged,
      next_seq: this.outbox.nextSeqValue,
    };
  }

  /** Routes a message on a subscribed topic; exposed so tests can feed it without a broker. */
  receive(topic: string, payload: Buffer): void {
    const parsed = parseTopic(topic);
    if (parsed?.unit !== this.o.unit) {
      this.o.log.warn({ topic: topic.slice(0, 200) }, 'message on a topic that is not ours');
      return;
    }
    if (payload.length > MAX_PAYLOAD_BYTES) {
      this.oversize++;
      this.o.log.warn({ topic: topic.slice(0, 200), bytes: payload.length }, 'payload too large: not parsed');
      return;
    }
    if (parsed.suffix === 'schedule') this.receiveSchedule(payload);
    else if (parsed.suffix.startsWith('cmd/')) this.commands.receive(parsed.suffix.slice(4), payload);
  }

  private receiveSchedule(payload: Buffer): void {
    try {
      const applied = this.scheduleHandler?.(payload);
      if (applied) this.setRetained('schedule/applied', applied);
    } catch (err) {
      this.o.log.error({ err: errorMessage(err) }, 'schedule handling failed');
    }
  }

  /** Stores a durable message (envelope + epoch; its seq comes when it is sent) and wakes the publisher. */
  private enqueue(kind: DurableKind, sessionId: string, body: object): void {
    const ts = this.o.clock.now();
    const payload = { ...body, v: SCHEMA_VERSION, unit: this.o.unit, ts, epoch: this.o.stateDir.epoch };
    // Checked with a placeholder seq, so a bug never reaches the outbox.
    unitTopics[kind].schema.parse({ ...payload, seq: 0 });
    this.outbox.add(kind, sessionId, payload, ts);
    this.publisher.notify();
  }

  private answer(name: string, answer: CommandAnswer): void {
    const client = this.client;
    if (!client) return;
    const payload = { ...answer, v: SCHEMA_VERSION, unit: this.o.unit, ts: this.o.clock.now() };
    client
      .publishAsync(ackTopic(this.o.unit, name), JSON.stringify(payload), { qos: 1 })
      .catch((err: unknown) => this.o.log.warn({ err: errorMessage(err), name }, 'command answer not sent'));
  }

  private flushState(): void {
    const state = this.retained.get('state');
    if (!state) return;
    this.stateSentAt = this.o.clock.monotonic();
    this.publishRetained('state', state);
  }

  private setRetained(kind: Exclude<RetainedKind, 'state'>, body: object): void {
    this.retained.set(kind, body);
    this.publishRetained(kind, body);
  }

  private publishRetained(kind: RetainedKind, body: object): void {
    const client = this.client;
    if (!client?.connected) return;
    const payload = this.envelope(kind, body, this.o.clock.now());
    this.send(client, kind, payload).catch((err: unknown) =>
      this.o.log.warn({ err: errorMessage(err), kind }, 'publish failed'),
    );
  }

  /** Adds the envelope and checks the result against the topic's schema, so a bug never goes out. */
  private envelope<K extends UnitTopicKind>(kind: K, body: object, ts: number): PayloadOf<K> {
    return unitTopics[kind].schema.parse({
      ...body,
      v: SCHEMA_VERSION,
      unit: this.o.unit,
      ts,
    }) as PayloadOf<K>;
  }

  private async send(client: MqttClient, kind: UnitTopicKind, payload: unknown): Promise<void> {
    const { qos, retain } = unitTopics[kind];
    await client.publishAsync(unitTopic(this.o.unit, kind), JSON.stringify(payload), { qos, retain });
    this.acknowledged++;
  }

  private async sendRaw(kind: DurableKind, json: string): Promise<void> {
    const client = this.client;
    if (!client) throw new NocturneError(DeviceErrorCode.TelemetryStopped, 'link stopped');
    await client.publishAsync(unitTopic(this.o.unit, kind), json, { qos: 1, retain: false });
    this.acknowledged++;
  }
}

/** Real time on purpose: it bounds network I/O, which does not run on the unit's (maybe scaled) Clock. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new NocturneError(DeviceErrorCode.PublishTimeout, `timed out after ${ms} ms`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
