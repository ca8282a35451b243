import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type AlertView, alertViewSchema } from '../../shared/api-dashboard.js';
import type { Clock } from '../../shared/clock.js';
import { NocturneError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { unitIdSchema } from '../../shared/schemas/common.js';
import { ControllerErrorCode } from '../errors.js';
import type { Database } from '../store/schema.js';
import { claimSlot } from './ingest-slots.js';
import { PgLink } from './pg-link.js';
import { chunkUnits, PgRelay } from './relay.js';

/** One controller process among several on PostgreSQL: its link, ingest slot and relays. */
export interface ClusterMember {
  link: PgLink;
  /** This process's ingest slot (its persistent MQTT session). */
  slot: number;
  units: PgRelay<string[]>;
  alerts: PgRelay<AlertView>;
  stop(): Promise<void>;
}

const UNITS_CHANNEL = 'nocturne_units';
const ALERTS_CHANNEL = 'nocturne_alerts';

/** Joins the cluster: a dedicated connection, an ingest slot, LISTEN on the live channels. */
export async function joinCluster(o: {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  dbUrl: string;
  externalBroker: boolean;
  clock: Clock;
  log: Logger;
}): Promise<ClusterMember> {
  if (o.dialect !== 'postgres' || !o.externalBroker)
    throw new NocturneError(
      ControllerErrorCode.Cluster,
      'several controller processes need PostgreSQL (--db postgres://…) and an external broker (--broker URL)',
    );
  const link = new PgLink({ url: o.dbUrl, clock: o.clock, log: o.log });
  await link.start();
  try {
    const slot = await claimSlot(link, o.db, o.clock.now());
    const units = new PgRelay<string[]>({
      channel: UNITS_CHANNEL,
      schema: z.array(unitIdSchema),
      db: o.db,
      link,
      log: o.log,
      split: chunkUnits,
    });
    const alerts = new PgRelay<AlertView>({
      channel: ALERTS_CHANNEL,
      schema: alertViewSchema,
      db: o.db,
      link,
      log: o.log,
    });
    await units.start();
    await alerts.start();
    o.log.info({ slot }, 'joined the controller cluster');
    return {
      link,
      slot,
      units,
      alerts,
      stop: async () => {
        units.stop();
        alerts.stop();
        await link.stop();
      },
    };
  } catch (err) {
    await link.stop();
    throw err;
  }
}
