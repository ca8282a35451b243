import { type Command, Option } from 'commander';
import { loadDeviceConfig } from '../../device/config.js';
import { type RunningUnit, startSimulatedUnit, startUnitFromConfig } from '../../device/main.js';
import { UsageError } from '../../shared/errors.js';
import { createLogger } from '../../shared/log.js';
import { runUntilSignal } from '../lifecycle.js';
import { brokerUrl, numberIn, positiveNumber, unitId } from '../options.js';

interface DeviceFlags {
  config?: string;
  simulate: boolean;
  speed: number;
  broker?: string;
  username?: string;
  password?: string;
  id?: string;
  stateDir?: string;
  sessionNow: boolean;
  sessionMinutes: number;
  profile: 'typical' | 'insomnia';
  mqttProtocol: '4' | '5';
}

export function registerDevice(program: Command): void {
  program
    .command('device')
    .description('run a bedside unit: real hardware from --config, or a simulated one with --simulate')
    .option('--config <file>', 'unit config file (JSON; see docs/device-config.md)')
    .option('--simulate', 'run a simulated unit (simulated patient, light, buttons)', false)
    .option('--speed <n>', 'simulated time runs this many times faster', positiveNumber, 1)
    .option('--broker <url>', 'MQTT broker, e.g. mqtt://127.0.0.1:1883', brokerUrl)
    .option('--username <name>', 'MQTT login (default: the unit id)')
    .option('--password <secret>', 'MQTT password (or NOCTURNE_MQTT_PASSWORD)')
    .option('--id <id>', 'unit id', unitId)
    .option('--state-dir <dir>', 'outbox, epoch and seq counters (default ./data/unit-<id>)')
    .option('--session-now', 'start one session at once, as if the patient pressed start', false)
    .option('--session-minutes <m>', 'session length', numberIn(1, 90), 45)
    .addOption(
      new Option('--profile <name>', 'simulated patient').choices(['typical', 'insomnia']).default('typical'),
    )
    .addOption(
      new Option('--mqtt-protocol <v>', 'simulated unit: 4 (MQTT 3.1.1) or 5')
        .choices(['4', '5'])
        .default('4'),
    )
    .action(async (flags: DeviceFlags) => {
      const log = createLogger('device');
      let running: RunningUnit;
      if (flags.config) {
        running = await startUnitFromConfig(loadDeviceConfig(flags.config), log);
      } else if (flags.simulate) {
        if (!flags.broker || !flags.id) throw new UsageError('--simulate needs --broker URL and --id ID');
        running = await startSimulatedUnit({
          id: flags.id,
          brokerUrl: flags.broker,
          username:
            flags.username ?? (flags.password || process.env.NOCTURNE_MQTT_PASSWORD ? flags.id : undefined),
          password: flags.password ?? process.env.NOCTURNE_MQTT_PASSWORD,
          speed: flags.speed,
          stateDir: flags.stateDir,
          profile: flags.profile,
          sessionMinutes: flags.sessionMinutes,
          sessionNow: flags.sessionNow,
          mqttProtocol: flags.mqttProtocol === '5' ? 5 : 4,
          log,
        });
      } else {
        throw new UsageError('give --config FILE for a real unit, or --simulate --broker URL --id ID');
      }
      await runUntilSignal(running.stop, log);
    });
}
