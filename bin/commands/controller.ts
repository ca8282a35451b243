import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { checkListenPlan, isLoopback } from '../../controller/broker/network-policy.js';
import { type BrokerChoice, startController } from '../../controller/main.js';

import { readItemTextFile } from '../../controller/outcomes/item-text.js';
import { UsageError } from '../../shared/errors.js';

import { createLogger } from '../../shared/log.js';
import { brokerUrl, integerIn, port, readableFile } from '../options.js';
import { runAsService } from '../service-run.js';

interface ControllerFlags {
  broker?: string;
  brokerPort: number;
  brokerHost?: string;
  brokerTlsPort: number;
  brokerUsername?: string;
  brokerPassword?: string;
  brokerPasswordFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  anonymousRead: boolean;
  db: string;
  host: string;
  port: number;
  mqttProtocol: '4' | '5';
  haDiscovery: boolean;
  haPrefix: string;
  sessionIdleMinutes: number;
  itemText?: string;
  cluster: boolean;
  clusterPollS: number;
}

export function registerController(program: Command): void {
  program
    .command('controller')
    .description(
      'run the caregiver controller: dashboard, API, ingest, and (by default) the embedded MQTT broker',
    )
    .option('--broker <url>', 'use this external MQTT broker instead of the embedded one', brokerUrl)
    .option('--broker-port <n>', 'port of the embedded broker on 127.0.0.1 (plain MQTT)', port, 1883)
    .option(
      '--broker-host <addr>',
      'open the embedded broker to the network on this address, over TLS only (needs --tls-cert, --tls-key)',
    )
    .option('--broker-tls-port <n>', 'port of the embedded broker’s TLS listener', port, 8883)
    .option('--tls-cert <file>', 'PEM certificate (chain) for the broker’s TLS listener and HTTPS')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option(
      '--tls-ca <file>',
      'PEM CA: client certificates on the embedded broker, or the external broker’s CA',
    )
    .option('--broker-username <name>', 'login on the external broker')
    .option(
      '--broker-password <secret>',
      'password on the external broker (prefer the file or NOCTURNE_BROKER_PASSWORD)',
    )
    .option('--broker-password-file <file>', 'read the external broker’s password from this file')
    .option('--anonymous-read', 'embedded broker: let clients without a login read telemetry', false)
    .option('--db <url>', 'sqlite:PATH or postgres://…', 'sqlite:./data/nocturne.db')
    .option(
      '--host <host>',
      'HTTP listen address (beyond loopback: HTTPS, needs --tls-cert, --tls-key)',
      '127.0.0.1',
    )
    .option('--port <n>', 'HTTP port', port, 8080)
    .addOption(
      new Option('--mqtt-protocol <v>', 'MQTT protocol with an external broker: 4 (3.1.1) or 5')
        .choices(['4', '5'])
        .default('4'),
    )
    .option(
      '--ha-discovery',
      'publish Home Assistant discovery for each unit (sends patient data to HA)',
      false,
    )
    .option('--ha-prefix <prefix>', 'Home Assistant discovery prefix', 'homeassistant')
    .option('--session-idle-minutes <m>', 'a dashboard login unused this long ends', integerIn(1, 720), 30)
    .option(
      '--item-text <file>',
      "a clinic's licensed questionnaire wording, JSON (docs/outcomes.md)",
      readableFile,
    )
    .option(
      '--cluster',
      'one of several controller processes sharing ingest (needs --broker and --db postgres://…; docs/SCALING.md)',
      false,
    )
    .option(
      '--cluster-poll-s <s>',
      'with --cluster: how often a process checks that the periodic work and every ingest slot have a live owner',
      integerIn(1, 300),
      5,
    )
    .action(async (flags: ControllerFlags) => {
      if (flags.cluster && (!flags.broker || !/^postgres(ql)?:\/\//.test(flags.db)))
        throw new UsageError('--cluster needs an external broker (--broker URL) and --db postgres://…');
      if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey))
        throw new UsageError('--tls-cert and --tls-key go together');
      checkListenPlan({
        brokerHost: flags.broker ? undefined : flags.brokerHost,
        httpHost: flags.host,
        hasCertificate: Boolean(flags.tlsCert && flags.tlsKey),
      });
      const cert = flags.tlsCert ? readPem(flags.tlsCert, '--tls-cert') : undefined;
      const key = flags.tlsKey ? readPem(flags.tlsKey, '--tls-key') : undefined;
      const ca = flags.tlsCa ? readPem(flags.tlsCa, '--tls-ca') : undefined;
      const log = createLogger('controller');
      const broker: BrokerChoice = flags.broker
        ? {
            kind: 'external',
            url: flags.broker,
            username: flags.brokerUsername,
            password:
              (flags.brokerPasswordFile &&
                readPem(flags.brokerPasswordFile, '--broker-password-file').trim()) ||
              (flags.brokerPassword ?? process.env.NOCTURNE_BROKER_PASSWORD),
            tls: ca || /^mqtts:/i.test(flags.broker) ? { ca } : undefined,
          }
        : {
            kind: 'embedded',
            host: '127.0.0.1',
            port: flags.brokerPort,
            fallbackToFreePort: false,
            anonymousRead: flags.anonymousRead,
            tls:
              flags.brokerHost && cert && key
                ? { host: flags.brokerHost, port: flags.brokerTlsPort, cert, key, ca }
                : undefined,
          };
      await runAsService(log, 'controller running', async () => {
        const controller = await startController({
          broker,
          db: flags.db,
          http: {
            host: flags.host,
            port: flags.port,
            tls: cert && key && !isLoopback(flags.host) ? { cert, key } : undefined,
          },
          mqttProtocol: flags.mqttProtocol === '5' ? 5 : 4,
          haDiscoveryPrefix: flags.haDiscovery ? flags.haPrefix : undefined,
          // No default password anywhere: until `nocturne user add NAME --role admin`, only a page saying so.
          requireAdmin: true,
          sessionLimits: { idleMs: flags.sessionIdleMinutes * 60_000 },
          itemText: flags.itemText ? readItemTextFile(flags.itemText) : undefined,
          cluster: flags.cluster ? { pollMs: flags.clusterPollS * 1000 } : undefined,
          log,
        });
        const tlsLine = controller.brokerTlsUrl ? `MQTT broker (TLS): ${controller.brokerTlsUrl}\n` : '';
        process.stdout.write(
          `Dashboard: ${controller.httpUrl}\nMQTT broker: ${controller.brokerUrl}\n${tlsLine}`,
        );
        return controller;
      });
    });
}

function readPem(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag} ${file}: ${(err as Error).message}`);
  }
}
