import type { z } from 'zod';
import { unitIdSchema } from './schemas/common.js';
import { infoSchema } from './schemas/info.js';
import { sessionEventSchema } from './schemas/session-event.js';
import { sessionReportSchema } from './schemas/session-report.js';
import { sessionSamplesSchema } from './schemas/session-samples.js';
import { stateSchema } from './schemas/state.js';
import { statusSchema } from './schemas/status.js';

/** Base of the versioned topic tree (DESIGN.md "MQTT"). */
export const BASE_TOPIC = 'nocturne/v1';

/**
 * The MQTT contract as a type map: topic suffix → payload schema and delivery, shared by the
 * publisher and the subscriber so they cannot disagree.
 */
export const unitTopics = {
  status: { schema: statusSchema, qos: 1, retain: true },
  info: { schema: infoSchema, qos: 1, retain: true },
  state: { schema: stateSchema, qos: 1, retain: true },
  'session/event': { schema: sessionEventSchema, qos: 1, retain: false },
  'session/samples': { schema: sessionSamplesSchema, qos: 1, retain: false },
  'session/report': { schema: sessionReportSchema, qos: 1, retain: false },
} as const;

export type UnitTopicKind = keyof typeof unitTopics;
export type PayloadOf<K extends UnitTopicKind> = z.infer<(typeof unitTopics)[K]['schema']>;

export function unitTopic(unit: string, kind: UnitTopicKind): string {
  return `${BASE_TOPIC}/${unit}/${kind}`;
}

/** Subscription filter for one kind across all units. */
export function allUnitsTopic(kind: UnitTopicKind): string {
  return `${BASE_TOPIC}/+/${kind}`;
}

export interface ParsedTopic {
  unit: string;
  /** Everything after the unit id, e.g. `session/event`; may be a kind this version does not know. */
  suffix: string;
  kind: UnitTopicKind | undefined;
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
  return { unit, suffix, kind };
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
