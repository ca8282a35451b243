import type { Kysely } from 'kysely';
import { NocturneError } from '../../shared/errors.js';
import { ControllerErrorCode } from '../errors.js';
import type { Database } from '../store/schema.js';
import { INGEST_SLOT_LOCK, type PgLink } from './pg-link.js';

/** At most this many controller processes share ingest. */
export const MAX_SLOTS = 64;

/** The fixed MQTT client id of a slot, so that its persistent session outlives the process. */
export function slotClientId(slot: number): string {
  return `nocturne-controller-ingest-${slot}`;
}

/**
 * Each controller process's ingest holds a slot: a persistent MQTT session under the slot's client
 * id (what the broker queues for it survives a restart) and the slot's advisory lock (released when
 * the process dies). The slot is recorded, so that the leader can find a slot whose process died and
 * drain what its session still holds (controller/cluster/orphan-drain.ts).
 */
export async function claimSlot(link: PgLink, db: Kysely<Database>, at: number): Promise<number> {
  for (let slot = 0; slot < MAX_SLOTS; slot++) {
    if (!(await link.tryLock(INGEST_SLOT_LOCK + slot))) continue;
    const client_id = slotClientId(slot);
    await db
      .insertInto('ingest_slots')
      .values({ slot, client_id, claimed_at: at })
      .onConflict((oc) => oc.column('slot').doUpdateSet({ client_id, claimed_at: at }))
      .execute();
    return slot;
  }
  throw new NocturneError(
    ControllerErrorCode.Cluster,
    `every one of the ${MAX_SLOTS} ingest slots is held by a running controller process`,
  );
}
