import { isIP } from 'node:net';
import { UsageError } from '../../shared/errors.js';

/** Whether an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

export interface ListenPlan {
  /** Where the embedded broker opens MQTT over TLS; undefined keeps it on loopback. */
  brokerHost?: string;
  /** The dashboard's listen address. */
  httpHost: string;
  hasCertificate: boolean;
}

/**
 * Refuses to open a plain (unencrypted) listener to the network (DESIGN.md "Network and TLS"):
 * the broker beyond loopback and the dashboard beyond loopback both need the certificate.
 */
export function checkListenPlan(plan: ListenPlan): void {
  if (plan.hasCertificate) return;
  if (plan.brokerHost !== undefined && !isLoopback(plan.brokerHost)) {
    throw new UsageError(
      `--broker-host ${plan.brokerHost} opens the broker to the network, which needs TLS: give --tls-cert FILE --tls-key FILE (and --tls-ca FILE for a private CA)`,
    );
  }
  if (!isLoopback(plan.httpHost)) {
    throw new UsageError(
      `--host ${plan.httpHost} opens the dashboard to the network, which needs HTTPS: give --tls-cert FILE --tls-key FILE`,
    );
  }
}

/** Plain MQTT never leaves this machine: the embedded broker's plain listener is loopback only. */
export function assertPlainListenerOnLoopback(host: string): void {
  if (!isLoopback(host)) {
    throw new UsageError(
      `a plain MQTT listener on ${host} would reach the network: open the broker with --broker-host ADDR --tls-cert FILE --tls-key FILE instead`,
    );
  }
}
