import { join } from 'node:path';
import type { Logger } from '../../shared/log.js';
import { type RunningUnit, startUnit } from '../main.js';
import type { PatientProfileName } from '../sim/patient.js';

export interface FleetOptions {
  devices: number;
  brokerUrl: string;
  username?: string;
  password?: string;
  speed: number;
  sessionMinutes: number;
  /** Each unit's state dir is `<stateRoot>/<id>`. */
  stateRoot: string;
  idPrefix: string;
  log: Logger;
}

export interface FleetResult {
  devices: number;
  speed: number;
  session_minutes: number;
  elapsed_s: number;
  /** Messages the broker acknowledged (all kinds). */
  messages: number;
  /** Durable session messages made (sum of each unit's seqs). */
  durable_messages: number;
  /** Sample batches merged because an outbox was over its bound. */
  merged_batches: number;
  /** Resident memory the units added, per unit, once all had started (KiB). */
  memory_per_unit_kb: number;
  /** Seconds from the first unit's start to the last one's. */
  start_s: number;
  units: { id: string; next_seq: number; epoch: string }[];
}

const PROFILES: PatientProfileName[] = ['typical', 'insomnia'];
/** Units started at once. */
const START_GROUP = 50;

/**
 * N simulated units in one process, for load tests (`nocturne simulate-fleet`). Each unit runs one
 * session from the start; the fleet ends when every session has ended and every outbox is empty.
 * The units keep their state with `process-crash` durability: a power cut is not what this tests.
 */
export async function runFleet(o: FleetOptions, signal: AbortSignal): Promise<FleetResult> {
  const started = performance.now();
  const units: RunningUnit[] = [];
  const ids: string[] = [];
  const ended: Promise<void>[] = [];
  const rssBefore = process.memoryUsage().rss;
  let memoryPerUnitKb = 0;
  let startS = 0;
  try {
    const startOne = async (i: number) => {
      const id = `${o.idPrefix}${i}`;
      const unit = await startUnit({
        id,
        brokerUrl: o.brokerUrl,
        username: o.username,
        password: o.password,
        speed: o.speed,
        stateDir: join(o.stateRoot, id),
        profile: PROFILES[i % PROFILES.length] as PatientProfileName,
        sessionMinutes: o.sessionMinutes,
        sessionNow: true,
        durability: 'process-crash',
        // The oximeter twin reports a heart rate, no waveform: hundreds of units fit in one process.
        simulatedPulse: 'oximeter',
        log: o.log,
      });
      units.push(unit);
      ids.push(id);
      ended.push(new Promise((resolve) => unit.unit.onSessionEnded(() => resolve())));
    };
    // Units start a group at a time: one after the other, a unit mostly waits for its broker's
    // CONNACK, and 1,000 of them would take minutes to come up.
    for (let first = 1; first <= o.devices && !signal.aborted; first += START_GROUP) {
      const group: Promise<void>[] = [];
      for (let i = first; i < first + START_GROUP && i <= o.devices; i++) group.push(startOne(i));
      await Promise.all(group);
    }
    memoryPerUnitKb = Math.round((process.memoryUsage().rss - rssBefore) / 1024 / o.devices);
    startS = Math.round((performance.now() - started) / 100) / 10;
    o.log.info(
      { devices: o.devices, start_s: startS, memory_per_unit_kb: memoryPerUnitKb },
      'every unit started',
    );
    const aborted = new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    await Promise.race([Promise.all(ended), aborted]);
    while (!signal.aborted && units.some((u) => u.telemetry.stats().pending > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const stats = units.map((u, i) => ({ id: ids[i] as string, ...u.telemetry.stats() }));
    return {
      devices: o.devices,
      speed: o.speed,
      session_minutes: o.sessionMinutes,
      elapsed_s: Math.round((performance.now() - started) / 100) / 10,
      messages: stats.reduce((n, s) => n + s.acknowledged, 0),
      durable_messages: stats.reduce((n, s) => n + s.next_seq, 0),
      merged_batches: stats.reduce((n, s) => n + s.merged, 0),
      memory_per_unit_kb: memoryPerUnitKb,
      start_s: startS,
      units: stats.map(({ id, next_seq, epoch }) => ({ id, next_seq, epoch })),
    };
  } finally {
    await Promise.all(units.map((u) => u.stop()));
  }
}
