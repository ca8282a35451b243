import {
  ALL_ACKS_FILTER,
  allUnitsTopic,
  DURABLE_KINDS,
  isDurableKind,
  sharedIngestFilter,
  type UnitTopicKind,
  unitTopics,
} from '../../shared/topics.js';

/** How ingest takes part (controller/ingest/ingest.ts `IngestOptions.mode`). */
export type IngestMode = 'single' | 'cluster' | 'drain';

/** Everything a unit publishes but the durable session messages and the command answers. */
const LATEST_AND_APPLIED = (Object.keys(unitTopics) as UnitTopicKind[])
  .filter((kind) => !kind.startsWith('cmd/') && !isDurableKind(kind))
  .map(allUnitsTopic);
const DURABLE = DURABLE_KINDS.map(allUnitsTopic);

/**
 * What ingest subscribes to. `single`: everything, the durable topics only when they come over MQTT
 * (with the embedded broker its `beforeAck` hook hands them over, else every reject would be counted
 * twice). `cluster`: the durable topics and the command answers once per group through the shared
 * subscription; the retained latest values and `schedule/applied` to every process, since a broker
 * delivers no retained message on a shared subscription. `drain`: nothing; the session it takes
 * over keeps its subscriptions.
 */
export function subscriptionsFor(mode: IngestMode, durableOverMqtt: boolean): string[] {
  switch (mode) {
    case 'single':
      return [...LATEST_AND_APPLIED, ALL_ACKS_FILTER, ...(durableOverMqtt ? DURABLE : [])];
    case 'cluster':
      return [...LATEST_AND_APPLIED, ...[...DURABLE, ALL_ACKS_FILTER].map(sharedIngestFilter)];
    case 'drain':
      return [];
  }
}

/** The filters of the ingest group (a draining process leaves them before it ends the session). */
export const SHARED_FILTERS = [...DURABLE, ALL_ACKS_FILTER].map(sharedIngestFilter);
