import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { errorMessage, NocturneError } from '../../shared/errors.js';
import { formatIssues } from '../../shared/format-issues.js';
import type { Logger } from '../../shared/log.js';
import type { IClientPublishOptions, MqttClient, MqttConnect } from '../../shared/mqtt.js';
import { type BrokerTls, connectManaged } from '../../shared/mqtt-client.js';
import type { Random } from '../../shared/random.js';
import type { CommandName } from '../../shared/schemas/command.js';
import type { Schedule, ScheduleBodyInput } from '../../shared/schemas/schedule.js';
import { type InboundTopicKind, inboundTopics, unitTopic } from '../../shared/topics.js';
import { ControllerErrorCode } from '../errors.js';
import { carryProtocols } from '../protocols/carry.js';
import { ProtocolLibrary } from '../protocols/library.js';
import type { CommandRow } from '../store/control-repo.js';
import type { ControllerStore } from '../store/repos.js';
import { haDiscovery } from './ha-discovery.js';

export interface ControlPublisherOptions {
  connect: MqttConnect;
  url: string;
  username?: string;
  password?: string;
  protocol?: 4 | 5;
  tls?: BrokerTls;
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
    const { client, stopRetrying } = connectManaged({
      connect: this.o.connect,
      url: this.o.url,
      username: this.o.username,
      password: this.o.password,
      protocol: this.o.protocol,
      tls: this.o.tls,
      clientId: `nocturne-controller-publisher-${randomUUID().slice(0, 8)}`,
      // Commands carry their own expiry and are stored first: nothing to queue while away.
      persistent: false,
      random: this.o.random.fork('publisher-reconnect'),
      log: this.o.log,
    });
    this.client = client;
    this.stopRetrying = stopRetrying;
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
    const cmd_id = randomUUID();
    const kind = `cmd/${name}` as const;
    // Checked against the schema the unit validates with, before anything is stored or sent.
    const payload = validInbound(kind, { cmd_id, issued_at, expires_at: issued_at + ttlMs, args });
    const row: CommandRow = {
      cmd_id,
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
    const expiry: IClientPublishOptions =
      this.o.protocol === 5
        ? { properties: { messageExpiryInterval: Math.max(1, Math.ceil(ttlMs / 1000)) } }
        : {};
    this.publish(unitTopic(unit, kind), payload, { ...delivery(kind), ...expiry });
    return row;
  }

  /**
   * Stores the next version of a unit's desired schedule, with the clinic protocols it runs, and
   * publishes it retained.
   */
  async setSchedule(unit: string, request: ScheduleBodyInput): Promise<Schedule> {
    // Refused before anything is stored when an entry names a protocol the library lacks.
    const body = await carryProtocols(new ProtocolLibrary(this.o.store, this.o.clock), request);
    const issued_at = this.o.clock.now();
    let schedule: Schedule | undefined;
    await this.o.store.control.nextSchedule(
      unit,
      (version) => {
        schedule = validInbound('schedule', { version, issued_at, ...body });
        return JSON.stringify(schedule);
      },
      issued_at,
    );
    if (!schedule) throw new NocturneError(ControllerErrorCode.StoreFailed, 'schedule not stored');
    this.publish(unitTopic(unit, 'schedule'), schedule, delivery('schedule'));
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

/** A payload for a unit, checked against the schema the unit validates it with (shared/topics.ts). */
function validInbound<K extends InboundTopicKind>(
  kind: K,
  payload: unknown,
): z.infer<(typeof inboundTopics)[K]['schema']> {
  const parsed = inboundTopics[kind].schema.safeParse(payload);
  if (!parsed.success) {
    throw new NocturneError(ControllerErrorCode.BadRequest, `${kind}: ${formatIssues(parsed.error)}`);
  }
  return parsed.data as z.infer<(typeof inboundTopics)[K]['schema']>;
}

function delivery(kind: InboundTopicKind): IClientPublishOptions {
  const { qos, retain } = inboundTopics[kind];
  return { qos, retain };
}
