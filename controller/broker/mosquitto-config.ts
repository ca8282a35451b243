import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { MAX_PAYLOAD_BYTES } from '../../shared/limits.js';
import {
  INBOUND_FILTER_SUFFIXES,
  TELEMETRY_FILTER_SUFFIXES,
  unitFilter,
  WHOLE_TREE,
} from '../../shared/topics.js';

/** Mosquitto 2's own password hash: PBKDF2-SHA512, 101 rounds, 12-byte salt (mosquitto_passwd `$7$`). */
const MOSQUITTO_ITERATIONS = 101;
const MOSQUITTO_SALT_BYTES = 12;
const MOSQUITTO_HASH_BYTES = 64;

/** One line of a Mosquitto password file, as `mosquitto_passwd` writes it. */
export function mosquittoPasswordLine(
  username: string,
  password: string,
  salt = randomBytes(MOSQUITTO_SALT_BYTES),
): string {
  const hash = pbkdf2Sync(password, salt, MOSQUITTO_ITERATIONS, MOSQUITTO_HASH_BYTES, 'sha512');
  return `${username}:$7$${MOSQUITTO_ITERATIONS}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export interface AclAccounts {
  controller: string;
  integrators: string[];
  /** Home Assistant discovery prefix the controller may publish under (integrators read it). */
  haPrefix?: string;
}

/**
 * The ACL of DESIGN.md "MQTT" for Mosquitto, keyed on the authenticated username (`%u`), never the
 * client id: a unit writes only its own telemetry and reads its own schedule and commands; an
 * integrator reads every unit's telemetry and writes nothing; the controller reads and writes all.
 * Patterns apply to every login, so no controller or integrator username is a valid unit id.
 */
export function mosquittoAcl(o: AclAccounts): string {
  const lines = ['# Written by nocturne broker-config. Anonymous clients match nothing here.', ''];
  lines.push(`user ${o.controller}`, `topic readwrite ${WHOLE_TREE}`);
  if (o.haPrefix) lines.push(`topic readwrite ${o.haPrefix}/#`);
  for (const name of o.integrators) {
    lines.push('', `user ${name}`);
    for (const suffix of TELEMETRY_FILTER_SUFFIXES) lines.push(`topic read ${unitFilter('+', suffix)}`);
    if (o.haPrefix) lines.push(`topic read ${o.haPrefix}/#`);
  }
  lines.push('', '# Every unit: its username is its unit id.');
  for (const suffix of TELEMETRY_FILTER_SUFFIXES) lines.push(`pattern write ${unitFilter('%u', suffix)}`);
  for (const suffix of INBOUND_FILTER_SUFFIXES) lines.push(`pattern read ${unitFilter('%u', suffix)}`);
  return `${lines.join('\n')}\n`;
}

export interface MosquittoConfOptions {
  dir: string;
  host: string;
  port: number;
  tls?: { certFile: string; keyFile: string; caFile?: string };
}

/** mosquitto.conf: one listener, no anonymous access, password and ACL files, persistence in `dir`. */
export function mosquittoConf(o: MosquittoConfOptions): string {
  const lines = [
    '# Written by nocturne broker-config (DESIGN.md "MQTT" and "Network and TLS").',
    'per_listener_settings false',
    'allow_anonymous false',
    `password_file ${o.dir}/passwords`,
    `acl_file ${o.dir}/acl`,
    // The largest payload either side parses, plus room for the topic and headers.
    `max_packet_size ${MAX_PAYLOAD_BYTES + 1024}`,
    'persistence true',
    `persistence_location ${o.dir}/`,
    'log_dest stderr',
    '',
    `listener ${o.port} ${o.host}`,
  ];
  if (o.tls) {
    lines.push(`certfile ${o.tls.certFile}`, `keyfile ${o.tls.keyFile}`, 'tls_version tlsv1.2');
    if (o.tls.caFile) lines.push(`cafile ${o.tls.caFile}`);
  }
  return `${lines.join('\n')}\n`;
}
