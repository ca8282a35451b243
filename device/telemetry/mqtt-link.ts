import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { MqttClient, MqttConnect } from '../../shared/mqtt.js';
import { SCHEMA_VERSION } from '../../shared/schemas/common.js';
import type { Info } from '../../shared/schemas/info.js';
import type { SessionEvent } from '../../shared/schemas/session-event.js';
import type { SessionReport } from '../../shared/schemas/session-report.js';
import type { SessionSamples } from '../../shared/schemas/session-samples.js';
import type { State } from '../../shared/schemas/state.js';
import { type PayloadOf, type UnitTopicKind, unitTopic, unitTopics } from '../../shared/topics.js';
import type { Body, UnitTelemetry } from './index.js';
import type { StateDir } from './state-dir.js';

export interface MqttLinkOptions {
  connect: MqttConnect;
  url: string;
  unit: string;
  username?: string;
  password?: string;
  clock: Clock;
  log: Logger;
  stateDir: StateDir;
}

/** State goes out at most this often (DESIGN.md: on change, ≤ 2 Hz). */
const STATE_MIN_INTERVAL_MS = 500;
/** How long stop() waits for the broker to take the `offline` status. */
const STOP_TIMEOUT_MS = 2000;

/**
 * The unit's MQTT link (3.1.1): retained `status` with a Last Will, retained `info` and `state`
 * (re-sent after every reconnect, since a broker without persistence forgets them), and the
 * durable session messages with `epoch` and `seq`.
 */
export class MqttUnitLink implements UnitTelemetry {
  private client: MqttClient | undefined;
  private info: Body<Info> | undefined;
  private state: Body<State> | undefined;
  private stateKey = '';
  private stateSentAt = Number.NEGATIVE_INFINITY;
  private stateTimer: Timer | undefined;

  constructor(private readonly o: MqttLinkOptions) {}

  async start(): Promise<void> {
    const { unit, clock } = this.o;
    const will = this.envelope('status', { state: 'offline' }, clock.now());
    const client = this.o.connect(this.o.url, {
      clientId: `nocturne-unit-${unit}`,
      protocolVersion: 4,
      clean: false,
      username: this.o.username,
      password: this.o.password,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      will: {
        topic: unitTopic(unit, 'status'),
        payload: Buffer.from(JSON.stringify(will)),
        qos: 1,
        retain: true,
      },
    });
    this.client = client;
    client.on('connect', () => {
      this.o.log.info({ url: this.o.url }, 'connected to broker');
      this.sendRetained();
    });
    client.on('error', (err) => this.o.log.warn({ err: errorMessage(err) }, 'mqtt error'));
    client.on('offline', () => this.o.log.warn('broker unreachable; will retry'));
  }

  async stop(): Promise<void> {
    this.stateTimer?.cancel();
    this.stateTimer = undefined;
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (client.connected) {
      const offline = this.envelope('status', { state: 'offline' }, this.o.clock.now());
      await withTimeout(this.send(client, 'status', offline), STOP_TIMEOUT_MS).catch((err: unknown) =>
        this.o.log.warn({ err: errorMessage(err) }, 'could not publish offline status'),
      );
    }
    await client.endAsync();
  }

  publishInfo(info: Body<Info>): void {
    this.info = info;
    if (this.client?.connected) this.publishRetained('info', info);
  }

  publishState(state: Body<State>): void {
    const key = JSON.stringify(state);
    if (key === this.stateKey) return;
    this.state = state;
    this.stateKey = key;
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
    this.publishDurable('session/event', event);
  }

  async publishSessionSamples(samples: Body<SessionSamples>): Promise<void> {
    this.publishDurable('session/samples', samples);
  }

  async publishSessionReport(report: Body<SessionReport>): Promise<void> {
    this.publishDurable('session/report', report);
  }

  private publishDurable(kind: 'session/event' | 'session/samples' | 'session/report', body: object): void {
    const ts = this.o.clock.now();
    const seq = this.o.stateDir.takeSeq(ts);
    const payload = this.envelope(kind, { ...body, epoch: this.o.stateDir.epoch, seq }, ts);
    const client = this.client;
    if (!client) return;
    // Queued by the client while offline; the durable outbox (issue 8) makes this survive restarts.
    this.send(client, kind, payload).catch((err: unknown) =>
      this.o.log.warn({ err: errorMessage(err), kind, seq }, 'session message not acknowledged'),
    );
  }

  private flushState(): void {
    if (!this.state) return;
    this.stateSentAt = this.o.clock.monotonic();
    if (this.client?.connected) this.publishRetained('state', this.state);
  }

  private sendRetained(): void {
    this.publishRetained('status', { state: 'online' });
    if (this.info) this.publishRetained('info', this.info);
    if (this.state) this.publishRetained('state', this.state);
  }

  private publishRetained<K extends 'status' | 'info' | 'state'>(kind: K, body: object): void {
    const client = this.client;
    if (!client) return;
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
  }
}

/** Real time on purpose: it bounds network I/O, which does not run on the unit's (maybe scaled) Clock. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
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
