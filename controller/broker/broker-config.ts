import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mosquittoAcl, mosquittoConf, mosquittoPasswordLine } from './mosquitto-config.js';
import { generateSecret } from './passwords.js';

/** The controller's username on an external broker: not a valid unit id, so no ACL pattern gives it a unit's topics. */
export const EXTERNAL_CONTROLLER_USERNAME = 'controller@nocturne';

/** An integrator's username: the `@integrator` keeps it out of the unit-id space the ACL patterns serve. */
export function integratorUsername(name: string): string {
  return `${name}@integrator`;
}

export interface BrokerConfigOptions {
  out: string;
  host: string;
  port: number;
  units: string[];
  integrators: string[];
  tls?: { certFile: string; keyFile: string; caFile?: string };
  haPrefix?: string;
}

type Login = { username: string; password: string };
export interface BrokerCredentials {
  controller: Login;
  units: Record<string, Login>;
  integrators: Record<string, Login>;
}

/**
 * Writes an external Mosquitto 2's configuration (DESIGN.md `nocturne broker-config`):
 * mosquitto.conf, the password file in Mosquitto's own hash format, the ACL, and
 * credentials.json with the plain passwords (readable by its owner only).
 */
export function writeBrokerConfig(o: BrokerConfigOptions): BrokerCredentials {
  const dir = resolve(o.out);
  mkdirSync(dir, { recursive: true });
  const login = (username: string): Login => ({ username, password: generateSecret() });
  const credentials: BrokerCredentials = {
    controller: login(EXTERNAL_CONTROLLER_USERNAME),
    units: Object.fromEntries(o.units.map((id) => [id, login(id)])),
    integrators: Object.fromEntries(o.integrators.map((name) => [name, login(integratorUsername(name))])),
  };
  const all = [
    credentials.controller,
    ...Object.values(credentials.units),
    ...Object.values(credentials.integrators),
  ];
  const passwords = all.map((l) => mosquittoPasswordLine(l.username, l.password)).join('\n');
  const tls = o.tls && {
    certFile: resolve(o.tls.certFile),
    keyFile: resolve(o.tls.keyFile),
    caFile: o.tls.caFile && resolve(o.tls.caFile),
  };
  // Hashes only, but Mosquitto (which drops to its own user) must read them.
  writeFileSync(join(dir, 'passwords'), `${passwords}\n`, { mode: 0o644 });
  writeFileSync(
    join(dir, 'acl'),
    mosquittoAcl({
      controller: credentials.controller.username,
      integrators: Object.values(credentials.integrators).map((l) => l.username),
      haPrefix: o.haPrefix,
    }),
    { mode: 0o644 },
  );
  writeFileSync(join(dir, 'mosquitto.conf'), mosquittoConf({ dir, host: o.host, port: o.port, tls }));
  const credentialsFile = join(dir, 'credentials.json');
  writeFileSync(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(credentialsFile, 0o600);
  return credentials;
}
