import mqtt from 'mqtt';
import { sessionSamplesSchema } from '../../shared/schemas/session-samples.js';
import { stateSchema } from '../../shared/schemas/state.js';
import { unitTopic } from '../../shared/topics.js';

/** What one bench phase sends: `units` units, `rounds` rounds of one sample batch and `states` states each. */
export interface Load {
  units: number;
  rounds: number;
  /** Latest-value messages (`state`) per durable message: a unit in a session sends far more of them. */
  states: number;
  clients: number;
}

export function loadSize(l: Load): { total: number; durable: number } {
  const durable = l.units * l.rounds;
  return { durable, total: durable * (1 + l.states) };
}

const unitId = (i: number) => `load-${i}`;
const epochOf = (i: number) => `epoch-load-${i}`;

/** A valid samples batch (10 samples, as a unit sends every 10 s) for unit `i`, seq `seq`. */
function samples(i: number, seq: number, ts: number): string {
  const m = {
    v: 1,
    unit: unitId(i),
    ts,
    epoch: epochOf(i),
    seq,
    session_id: `s-load-${i}`,
    interval_ms: 1000,
    samples: Array.from({ length: 10 }, (_, k) => ({
      t: ts - (9 - k) * 1000,
      phase: 'descending',
      bpm: 62 + (k % 5),
      quality: 0.9,
      trend_bpm: 63,
      tempo_bpm: 58,
      volume_db: 42.5,
      light: 0.3,
    })),
  };
  return JSON.stringify(sessionSamplesSchema.parse(m));
}

function state(i: number, ts: number): string {
  const m = {
    v: 1,
    unit: unitId(i),
    ts,
    phase: 'descending',
    bpm: 64,
    volume_db: 42.5,
    light: 0.3,
    session_id: `s-load-${i}`,
    next_session_at: null,
    faults: [],
  };
  return JSON.stringify(stateSchema.parse(m));
}

/**
 * The generator: `clients` mqtt.js publishers (QoS 1, as units publish), each sending for its share
 * of the units, with the payloads made before the clock starts. Resolves when the broker has
 * acknowledged every message.
 */
export async function publishLoad(url: string, l: Load, onStart: () => void): Promise<void> {
  const base = Date.now();
  const perClient: { topic: string; payload: string }[][] = Array.from({ length: l.clients }, () => []);
  for (let round = 0; round < l.rounds; round++) {
    for (let i = 0; i < l.units; i++) {
      const out = perClient[i % l.clients] as { topic: string; payload: string }[];
      const ts = base + round * 10_000;
      out.push({ topic: unitTopic(unitId(i), 'session/samples'), payload: samples(i, round, ts) });
      for (let s = 0; s < l.states; s++)
        out.push({ topic: unitTopic(unitId(i), 'state'), payload: state(i, ts + s) });
    }
  }
  const clients = await Promise.all(
    perClient.map((_, c) =>
      mqtt.connectAsync(url, { clientId: `bench-load-${c}`, clean: true, reconnectPeriod: 0 }),
    ),
  );
  onStart();
  try {
    await Promise.all(
      clients.map(async (client, c) => {
        const queue = perClient[c] ?? [];
        // A window of messages in flight per client, as a unit's outbox keeps a few.
        const WINDOW = 50;
        for (let i = 0; i < queue.length; i += WINDOW) {
          await Promise.all(
            queue.slice(i, i + WINDOW).map((m) => client.publishAsync(m.topic, m.payload, { qos: 1 })),
          );
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.endAsync()));
  }
}

export const LOAD_UNIT_IDS = (l: Load) => Array.from({ length: l.units }, (_, i) => unitId(i));
