import { errorMessage } from './errors.js';
import type { Logger } from './log.js';
import type { MqttClient } from './mqtt.js';
import type { Random } from './random.js';

export interface BackoffOptions {
  /** First retry after about this long, ms. */
  minMs: number;
  /** Retries never wait longer than this, ms. */
  maxMs: number;
  random: Random;
  log: Logger;
}

export const DEFAULT_BACKOFF = { minMs: 500, maxMs: 30_000 } as const;

/** mqtt.js retries on a fixed period; we retry ourselves (it must be created with reconnectPeriod 0). */
export const MANUAL_RECONNECT = { reconnectPeriod: 0 } as const;

/**
 * Keeps a client connected with exponential backoff and full jitter, so a ward of units whose
 * broker comes back does not reconnect in lockstep. Timers run on real time on purpose: they pace
 * network I/O, which does not follow a unit's (maybe scaled) Clock. Returns a function that stops
 * retrying; call it before `end()`.
 */
export function keepConnected(client: MqttClient, o: BackoffOptions): () => void {
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const onConnect = () => {
    attempt = 0;
  };
  const onClose = () => {
    if (stopped || timer) return;
    const cap = Math.min(o.maxMs, o.minMs * 2 ** attempt);
    const delay = Math.round(o.minMs / 2 + o.random.next() * (cap - o.minMs / 2));
    attempt++;
    o.log.debug({ delay_ms: delay, attempt }, 'reconnecting');
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      try {
        // Keep mqtt.js's stores: messages in flight are sent again on the new connection.
        client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
      } catch (err) {
        o.log.warn({ err: errorMessage(err) }, 'reconnect failed');
        onClose();
      }
    }, delay);
  };
  client.on('connect', onConnect);
  client.on('close', onClose);
  return () => {
    stopped = true;
    clearTimeout(timer);
    client.off('connect', onConnect);
    client.off('close', onClose);
  };
}
