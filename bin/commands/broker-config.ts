import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeBrokerConfig } from '../../controller/broker/broker-config.js';
import { checkListenPlan } from '../../controller/broker/network-policy.js';
import { UsageError } from '../../shared/errors.js';
import { integratorName, port, unitId } from '../options.js';

interface BrokerConfigFlags {
  out: string;
  port: number;
  host: string;
  units: string[];
  integrators: string[];
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  haPrefix?: string;
}

const list = (parse: (v: string) => string) => (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map(parse);

/** Writes the configuration of an external Mosquitto 2 for a ward (DESIGN.md "Command line"). */
export function registerBrokerConfig(program: Command): void {
  program
    .command('broker-config')
    .description('write mosquitto.conf, password file, ACL and credentials.json for an external Mosquitto 2')
    .requiredOption('--out <dir>', 'folder to write into (also Mosquitto’s persistence)')
    .requiredOption('--port <n>', 'listener port', port)
    .option('--host <addr>', 'listener address (beyond loopback: TLS only)', '127.0.0.1')
    .requiredOption('--units <ids>', 'unit ids, comma-separated', list(unitId))
    .option(
      '--integrators <names>',
      'integrator accounts (read telemetry only), comma-separated',
      list(integratorName),
      [],
    )
    .option('--tls-cert <file>', 'PEM certificate: the listener speaks MQTT over TLS')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--tls-ca <file>', 'PEM CA file, for client certificates')
    .option('--ha-prefix <prefix>', 'let the controller publish Home Assistant discovery under this prefix')
    .action((flags: BrokerConfigFlags) => {
      if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey))
        throw new UsageError('--tls-cert and --tls-key go together');
      if (flags.units.length === 0) throw new UsageError('--units needs at least one unit id');
      // The same rule as the embedded broker: no plain listener on the network.
      checkListenPlan({
        brokerHost: flags.host,
        httpHost: '127.0.0.1',
        hasCertificate: Boolean(flags.tlsCert),
      });
      const out = resolve(flags.out);
      writeBrokerConfig({
        out,
        host: flags.host,
        port: flags.port,
        units: flags.units,
        integrators: flags.integrators,
        tls:
          flags.tlsCert && flags.tlsKey
            ? { certFile: flags.tlsCert, keyFile: flags.tlsKey, caFile: flags.tlsCa }
            : undefined,
        haPrefix: flags.haPrefix,
      });
      process.stdout.write(
        `${JSON.stringify({ conf: join(out, 'mosquitto.conf'), credentials: join(out, 'credentials.json') })}\n`,
      );
    });
}
