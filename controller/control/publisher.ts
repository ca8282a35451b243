import { randomUUID } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import { errorMessage, NocturneError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { IClientPublishOptions, MqttClient, MqttConnect } from '../../shared/mqtt.js';
import { DEFAULT_BACKOFF, keepConnected, MANUAL_RECONNECT } from '../../shared/mqtt-reconnect.js';
import type { Random } from '../../shared/random.js';
import type { CommandName } from '../../shared/schemas/command.js';
import type { Schedule } from '../../shared/schemas/schedule.js';
import { unitTopic } from '../../shared/topics.js';
import { ControllerErrorCode } from '../errors.js';
import type { CommandRow } from '../store/control-repo.js';
import type { ControllerStore } from '../store/repos.js';
import { haDiscovery } from './ha-discovery.js';

export interface ControlPublisherOptions {
  connect: MqttConnect;
  url: string;
  username?: string;
  password?: string;
  protocol?: 4 | 5;
  store: ControllerStore;
  clock: Clock;
  random: Random;
  log: Logger;
  /** Home Assistant discovery prefix; undefined = off (it sends patient data into another system). */
  haPrefix?: string;
}

/**
 * What the controller sends to units: commands (each stored first, with its own `cmd_id` and an
 * `expires_at`; on MQTT 5 also a message expiry), the retained desired schedule (versioned), and,
 * when enabled, Home Assistant discovery. Its own client, so a busy ingest never delays a command.
 */
export class ControlPublisher {
  private client: MqttClient | undefined;
  private stopRetrying: (() => void) | undefined;
  private readonly discovered = new Set<string>();

  constructor(private readonly o: ControlPublisherOptions) {}

  async start(): Promise<void> {
    const client = this.o.connect(this.o.url, {
      clientId: `nocturne-controller-publisher-${randomUUID().slice(0, 8)}`,
      protocolVersion: this.o.protocol === 5 ? 5 : 4,
      clean: true,
      username: this.o.username,
      password: this.o.password,
      ...MANUAL_RECONNECT,
    });
    this.client = client;
    this.stopRetrying = keepConnected(client, {
      ...DEFAULT_BACKOFF,
      random: this.o.random.fork('publisher-reconnect'),
      log: this.o.log,
    });
    client.on('error', (err) => this.o.log.warn({ err: errorMessage(err) }, 'publisher mqtt error'));
  }

  async stop(): Promise<void> {
    this.stopRetrying?.();
    const client = this.client;
    this.client = undefined;
    await client?.endAsync();
  }

  /** Stores and sends a command; the unit's answers update its row as ingest receives them. */
  async sendCommand(unit: string, name: CommandName, args: object, ttlMs: number): Promise<CommandRow> {
    const issued_at = this.o.clock.now();
    const row: CommandRow = {
      cmd_id: randomUUID(),
      unit,
      name,
      args_json: JSON.stringify(args),
      issued_at,
      expires_at: issued_at + ttlMs,
      status: 'sent',
      reason: null,
      updated_at: issued_at,
    };
    await this.o.store.control.addCommand(row);
    const payload = { cmd_id: row.cmd_id, issued_at, expires_at: row.expires_at, args };
    const expiry: IClientPublishOptions =
      this.o.protocol === 5
        ? { properties: { messageExpiryInterval: Math.max(1, Math.ceil(ttlMs / 1000)) } }
        : {};
    this.publish(unitTopic(unit, `cmd/${name}`), payload, { qos: 1, retain: false, ...expiry });
    return row;
  }

  /** Stores the next version of a unit's desired schedule and publishes it retained. */
  async setSchedule(unit: string, body: Pick<Schedule, 'timezone' | 'entries'>): Promise<Schedule> {
    const issued_at = this.o.clock.now();
    let schedule: Schedule | undefined;
    await this.o.store.control.nextSchedule(
      unit,
      (version) => {
        schedule = { version, issued_at, ...body };
        return JSON.stringify(schedule);
      },
      issued_at,
    );
    if (!schedule) throw new NocturneError(ControllerErrorCode.StoreFailed, 'schedule not stored');
    this.publish(unitTopic(unit, 'schedule'), schedule, { qos: 1, retain: true });
    return schedule;
  }

  /** Publishes Home Assistant discovery for a unit once per run (retained), when enabled. */
  discover(unit: string): void {
    if (this.o.haPrefix === undefined || this.discovered.has(unit)) return;
    this.discovered.add(unit);
    const { topic, payload } = haDiscovery(unit, this.o.haPrefix);
    this.publish(topic, payload, { qos: 1, retain: true });
  }

  private publish(topic: string, payload: object, options: IClientPublishOptions): void {
    const client = this.client;
    if (!client) throw new NocturneError(ControllerErrorCode.ControlUnavailable, 'publisher stopped');
    client
      .publishAsync(topic, JSON.stringify(payload), options)
      .catch((err: unknown) => this.o.log.warn({ err: errorMessage(err), topic }, 'publish failed'));
  }
}
