import { type Command, Option } from 'commander';
import { type BrokerChoice, startController } from '../../controller/main.js';
import { readItemTextFile } from '../../controller/outcomes/item-text.js';
import { createLogger } from '../../shared/log.js';
import { brokerUrl, integerIn, port } from '../options.js';
import { runAsService } from '../service-run.js';

interface ControllerFlags {
  broker?: string;
  brokerPort: number;
  brokerUsername?: string;
  brokerPassword?: string;
  anonymousRead: boolean;
  db: string;
  host: string;
  port: number;
  mqttProtocol: '4' | '5';
  haDiscovery: boolean;
  haPrefix: string;
  sessionIdleMinutes: number;
  itemText?: string;
}

export function registerController(program: Command): void {
  program
    .command('controller')
    .description(
      'run the caregiver controller: dashboard, API, ingest, and (by default) the embedded MQTT broker',
    )
    .option('--broker <url>', 'use this external MQTT broker instead of the embedded one', brokerUrl)
    .option('--broker-port <n>', 'port of the embedded broker (127.0.0.1)', port, 1883)
    .option('--broker-username <name>', 'login on the external broker')
    .option('--broker-password <secret>', 'password on the external broker (or NOCTURNE_BROKER_PASSWORD)')
    .option('--anonymous-read', 'embedded broker: let clients without a login read telemetry', false)
    .option('--db <url>', 'sqlite:PATH or postgres://…', 'sqlite:./data/nocturne.db')
    .option('--host <host>', 'HTTP listen address', '127.0.0.1')
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
    .option('--item-text <file>', "a clinic's licensed questionnaire wording, JSON (docs/outcomes.md)")
    .action(async (flags: ControllerFlags) => {
      const log = createLogger('controller');
      const broker: BrokerChoice = flags.broker
        ? {
            kind: 'external',
            url: flags.broker,
            username: flags.brokerUsername,
            password: flags.brokerPassword ?? process.env.NOCTURNE_BROKER_PASSWORD,
          }
        : {
            kind: 'embedded',
            host: '127.0.0.1',
            port: flags.brokerPort,
            fallbackToFreePort: false,
            anonymousRead: flags.anonymousRead,
          };
      await runAsService(log, 'controller running', async () => {
        const controller = await startController({
          broker,
          db: flags.db,
          http: { host: flags.host, port: flags.port },
          mqttProtocol: flags.mqttProtocol === '5' ? 5 : 4,
          haDiscoveryPrefix: flags.haDiscovery ? flags.haPrefix : undefined,
          // No default password anywhere: until `nocturne user add NAME --role admin`, only a page saying so.
          requireAdmin: true,
          sessionLimits: { idleMs: flags.sessionIdleMinutes * 60_000 },
          itemText: flags.itemText ? readItemTextFile(flags.itemText) : undefined,
          log,
        });
        process.stdout.write(`Dashboard: ${controller.httpUrl}\nMQTT broker: ${controller.brokerUrl}\n`);
        return controller;
      });
    });
}
