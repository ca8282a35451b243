import {
  isHaDiscoveryTopic,
  isTelemetrySuffix,
  isUnderBase,
  isUnitInboundSuffix,
  parseTopic,
  unitCommandFilter,
  unitPrefix,
} from '../../shared/topics.js';

/**
 * Who a broker client is, from its authenticated username (never from its client id, which a
 * client chooses). DESIGN.md "MQTT", ACL paragraph.
 */
export type BrokerIdentity =
  | { role: 'controller' }
  | { role: 'unit'; unit: string }
  | { role: 'integrator'; name: string }
  | { role: 'anonymous' };

/** A unit publishes only telemetry under its own topics; integrators and anonymous publish nothing. */
export function canPublish(who: BrokerIdentity, topic: string): boolean {
  if (who.role === 'controller') return true;
  if (who.role !== 'unit') return false;
  const parsed = parseTopic(topic);
  return parsed?.unit === who.unit && isTelemetrySuffix(parsed.suffix);
}

/**
 * Whether a subscription filter is allowed at all. Integrators may use wildcards under the base
 * topic; what they actually receive is narrowed per message by `canRead`.
 */
export function canSubscribe(who: BrokerIdentity, filter: string, haPrefix?: string): boolean {
  if (who.role === 'controller') return true;
  if (who.role === 'unit') {
    const own = unitPrefix(who.unit);
    return (
      filter.startsWith(own) &&
      (filter === unitCommandFilter(who.unit) || isUnitInboundSuffix(filter.slice(own.length)))
    );
  }
  if (haPrefix && filter.startsWith(`${haPrefix}/`)) return true;
  return isUnderBase(filter);
}

/** Whether a message on `topic` may be delivered to this client. */
export function canRead(who: BrokerIdentity, topic: string, haPrefix?: string): boolean {
  if (who.role === 'controller') return true;
  // Home Assistant discovery (when the controller publishes it) is for integrators, as telemetry is.
  if (haPrefix && who.role !== 'unit' && isHaDiscoveryTopic(topic, haPrefix)) return true;
  const parsed = parseTopic(topic);
  if (!parsed) return false;
  if (who.role === 'unit') return parsed.unit === who.unit && isUnitInboundSuffix(parsed.suffix);
  return isTelemetrySuffix(parsed.suffix);
}
