import type { z } from 'zod';
import { commandAckSchema, commandSchemas } from './schemas/command.js';
import { unitIdSchema } from './schemas/common.js';
import { infoSchema } from './schemas/info.js';
import { scheduleAppliedSchema, scheduleSchema } from './schemas/schedule.js';
import { sessionEventSchema } from './schemas/session-event.js';
import { sessionReportSchema } from './schemas/session-report.js';
import { sessionSamplesSchema } from './schemas/session-samples.js';
import { stateSchema } from './schemas/state.js';
import { statusSchema } from './schemas/status.js';

/** Base of the versioned topic tree (DESIGN.md "MQTT"). */
export const BASE_TOPIC = 'nocturne/v1';

const ack = { schema: commandAckSchema, qos: 1, retain: false } as const;

/**
 * The MQTT contract as a type map: topic suffix → payload schema and delivery, shared by the
 * publisher and the subscriber so they cannot disagree. These are the topics a unit publishes.
 */
export const unitTopics = {
  status: { schema: statusSchema, qos: 1, retain: true },
  info: { schema: infoSchema, qos: 1, retain: true },
  state: { schema: stateSchema, qos: 1, retain: true },
  'session/event': { schema: sessionEventSchema, qos: 1, retain: false },
  'session/samples': { schema: sessionSamplesSchema, qos: 1, retain: false },
  'session/report': { schema: sessionReportSchema, qos: 1, retain: false },
  'schedule/applied': { schema: scheduleAppliedSchema, qos: 1, retain: true },
  'cmd/start/ack': ack,
  'cmd/stop/ack': ack,
  'cmd/snooze/ack': ack,
  'cmd/config/ack': ack,
} as const satisfies Record<string, { schema: z.ZodType; qos: 1; retain: boolean }>;

/** The topics the controller publishes to a unit. */
export const inboundTopics = {
  schedule: { schema: scheduleSchema, qos: 1, retain: true },
  'cmd/start': { schema: commandSchemas.start, qos: 1, retain: false },
  'cmd/stop': { schema: commandSchemas.stop, qos: 1, retain: false },
  'cmd/snooze': { schema: commandSchemas.snooze, qos: 1, retain: false },
  'cmd/config': { schema: commandSchemas.config, qos: 1, retain: false },
} as const satisfies Record<string, { schema: z.ZodType; qos: 1; retain: boolean }>;

export type UnitTopicKind = keyof typeof unitTopics;
export type InboundTopicKind = keyof typeof inboundTopics;
export type PayloadOf<K extends UnitTopicKind> = z.infer<(typeof unitTopics)[K]['schema']>;

/**
 * The durable session messages: stored in the unit's outbox before they are sent, with `epoch`
 * and a `seq` shared by all three kinds (+1 per message, contiguous, never reused).
 */
export const DURABLE_KINDS = ['session/event', 'session/samples', 'session/report'] as const;
export type DurableKind = (typeof DURABLE_KINDS)[number];

export function isDurableKind(kind: string): kind is DurableKind {
  return (DURABLE_KINDS as readonly string[]).includes(kind);
}

export function unitTopic(unit: string, kind: UnitTopicKind | InboundTopicKind): string {
  return `${BASE_TOPIC}/${unit}/${kind}`;
}

/** Subscription filter for one kind across all units. */
export function allUnitsTopic(kind: UnitTopicKind | InboundTopicKind): string {
  return `${BASE_TOPIC}/+/${kind}`;
}

export interface ParsedTopic {
  unit: string;
  /** Everything after the unit id, e.g. `session/event`; may be a kind this version does not know. */
  suffix: string;
  /** The unit→ kind, if the suffix is one. */
  kind: UnitTopicKind | undefined;
  /** The →unit kind, if the suffix is one. */
  inboundKind: InboundTopicKind | undefined;
}

/** Splits a topic of the tree; undefined when it is not under the base or the unit id is invalid. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  if (!topic.startsWith(`${BASE_TOPIC}/`)) return undefined;
  const rest = topic.slice(BASE_TOPIC.length + 1);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const unit = rest.slice(0, slash);
  if (!unitIdSchema.safeParse(unit).success) return undefined;
  const suffix = rest.slice(slash + 1);
  const kind = Object.hasOwn(unitTopics, suffix) ? (suffix as UnitTopicKind) : undefined;
  const inboundKind = Object.hasOwn(inboundTopics, suffix) ? (suffix as InboundTopicKind) : undefined;
  return { unit, suffix, kind, inboundKind };
}

/** Suffixes a unit publishes: the telemetry integrators may read (DESIGN.md topic table). */
const TELEMETRY_SUFFIX =
  /^(status|info|state|session\/(event|samples|report)|schedule\/applied|cmd\/[a-z_]{1,32}\/ack)$/;
/** Suffixes the controller publishes to a unit. */
const INBOUND_SUFFIX = /^(schedule|cmd\/[a-z_]{1,32})$/;

export function isTelemetrySuffix(suffix: string): boolean {
  return TELEMETRY_SUFFIX.test(suffix);
}

export function isUnitInboundSuffix(suffix: string): boolean {
  return INBOUND_SUFFIX.test(suffix);
}

/** Everything under one unit, with the trailing slash: `nocturne/v1/<unit>/`. */
export function unitPrefix(unit: string): string {
  return `${BASE_TOPIC}/${unit}/`;
}

/** The filter for the whole tree (the controller and integrators may subscribe to it). */
export const WHOLE_TREE = `${BASE_TOPIC}/#`;

/** Whether a topic or filter lies under the base topic. */
export function isUnderBase(topicOrFilter: string): boolean {
  return topicOrFilter === WHOLE_TREE || topicOrFilter.startsWith(`${BASE_TOPIC}/`);
}

/** Where a unit answers a command: `cmd/<name>/ack` (DESIGN.md: answers always go there). */
export function ackTopic(unit: string, name: string): string {
  return `${unitPrefix(unit)}cmd/${name}/ack`;
}

/** A unit's command filter: `nocturne/v1/<unit>/cmd/+`. */
export function unitCommandFilter(unit: string): string {
  return `${unitPrefix(unit)}cmd/+`;
}

/** What a unit subscribes to: its own desired schedule and commands, nothing else. */
export function unitInboundFilters(unit: string): string[] {
  return [unitTopic(unit, 'schedule'), unitCommandFilter(unit)];
}

/** Every unit's command answers, by one wildcard. */
export const ALL_ACKS_FILTER = `${BASE_TOPIC}/+/cmd/+/ack`;

/** A topic of the tree with `{unit}` in the unit's place, as the AsyncAPI document writes addresses. */
export function addressTemplate(suffix: string): string {
  return `${BASE_TOPIC}/{unit}/${suffix}`;
}

/** The device id a unit has in Home Assistant (its ids allow no hyphens). */
export function haDeviceId(unit: string): string {
  return `nocturne_${unit.replaceAll('-', '_')}`;
}

/** Home Assistant's device discovery topic (DESIGN.md "MQTT": opt-in, published by the controller). */
export function haDiscoveryTopic(prefix: string, unit: string): string {
  return `${prefix}/device/${haDeviceId(unit)}/config`;
}

export function isHaDiscoveryTopic(topic: string, prefix: string): boolean {
  return topic.startsWith(`${prefix}/device/nocturne_`) && topic.endsWith('/config');
}

/**
 * What a unit writes and an integrator reads, as filters relative to a unit's prefix (the acks
 * of every command by one `+`). Brokers' ACL files are written from these (`nocturne broker-config`).
 */
export const TELEMETRY_FILTER_SUFFIXES: readonly string[] = [
  ...(Object.keys(unitTopics) as UnitTopicKind[]).filter((kind) => !kind.startsWith('cmd/')),
  'cmd/+/ack',
];

/** What a unit reads: its desired schedule and its commands. */
export const INBOUND_FILTER_SUFFIXES: readonly string[] = ['schedule', 'cmd/+'];

/**
 * A filter under one unit's prefix; `unit` may be a broker's placeholder (`%u`, Mosquitto's
 * authenticated username) or `+` (every unit).
 */
export function unitFilter(unit: string, suffix: string): string {
  return `${unitPrefix(unit)}${suffix}`;
}

/**
 * The shared-subscription group of the controller processes' ingest (DESIGN.md "Scale"): the broker
 * hands each message of a `$share/nocturne-ingest/…` filter to one member of the group.
 */
export const INGEST_SHARE_GROUP = 'nocturne-ingest';

/** A filter shared by the ingest group: `$share/nocturne-ingest/<filter>`. */
export function sharedIngestFilter(filter: string): string {
  return `$share/${INGEST_SHARE_GROUP}/${filter}`;
}
