import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { loadDeviceConfig, type MusicConfig } from '../../device/config/device-config.js';
import { type RunningUnit, startUnit, startUnitFromConfig } from '../../device/main.js';
import { DEFAULT_PRESET, type PresetName, presets } from '../../device/music/generative/presets.js';
import { type AudioConfig, audioConfigSchema } from '../../device/ports/audio/config.js';
import { type AudioAdapterName, audioAdapters } from '../../device/ports/audio/index.js';
import { UsageError } from '../../shared/errors.js';
import { formatIssues } from '../../shared/format-issues.js';
import { createLogger, type Logger } from '../../shared/log.js';
import { brokerUrl, numberIn, positiveNumber, readableFile, unitId, writableFile } from '../options.js';
import { runAsService } from '../service-run.js';

interface DeviceFlags {
  config?: string;
  simulate: boolean;
  speed: number;
  broker?: string;
  username?: string;
  password?: string;
  ca?: string;
  id?: string;
  stateDir?: string;
  sessionNow: boolean;
  sessionMinutes: number;
  profile: 'typical' | 'insomnia';
  mqttProtocol: '4' | '5';
  audio?: AudioAdapterName;
  audioPath?: string;
  preset: PresetName;
}

export function registerDevice(program: Command): void {
  program
    .command('device')
    .description('run a bedside unit: real hardware from --config, or a simulated one with --simulate')
    .option('--config <file>', 'unit config file (JSON; see docs/device-config.md)', readableFile)
    .option('--simulate', 'run a simulated unit (simulated patient, light, buttons)', false)
    .option('--speed <n>', 'simulated time runs this many times faster', positiveNumber, 1)
    .option('--broker <url>', 'MQTT broker, e.g. mqtt://127.0.0.1:1883', brokerUrl)
    .option('--username <name>', 'MQTT login (default: the unit id)')
    .option('--password <secret>', 'MQTT password (or NOCTURNE_MQTT_PASSWORD)')
    .option('--ca <file>', 'simulated unit: PEM CA that signed an mqtts:// broker’s certificate')
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
    .addOption(
      new Option('--audio <adapter>', 'simulated unit: play its music (needs --speed 1)').choices(
        audioAdapters,
      ),
    )
    .option('--audio-path <file.wav>', 'with --audio wav: where to record the sound', writableFile)
    .addOption(
      new Option('--preset <name>', 'simulated unit: music preset')
        .choices(Object.keys(presets))
        .default(DEFAULT_PRESET),
    )
    .action(async (flags: DeviceFlags) => {
      const log = createLogger('device');
      await runAsService(log, 'unit running', () => startFromFlags(flags, log));
    });
}

function startFromFlags(flags: DeviceFlags, log: Logger): Promise<RunningUnit> {
  if (flags.config) return startUnitFromConfig(loadDeviceConfig(flags.config), log);
  if (!flags.simulate) {
    throw new UsageError('give --config FILE for a real unit, or --simulate --broker URL --id ID');
  }
  if (!flags.broker || !flags.id) throw new UsageError('--simulate needs --broker URL and --id ID');
  return startUnit({
    id: flags.id,
    brokerUrl: flags.broker,
    username: flags.username ?? (flags.password || process.env.NOCTURNE_MQTT_PASSWORD ? flags.id : undefined),
    password: flags.password ?? process.env.NOCTURNE_MQTT_PASSWORD,
    speed: flags.speed,
    stateDir: flags.stateDir,
    profile: flags.profile,
    sessionMinutes: flags.sessionMinutes,
    sessionNow: flags.sessionNow,
    mqttProtocol: flags.mqttProtocol === '5' ? 5 : 4,
    tls: flags.ca ? { ca: readCa(flags.ca) } : undefined,
    ...simulatedAudio(flags),
    log,
  });
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--ca ${file}: ${(err as NodeJS.ErrnoException).code ?? 'cannot read'}`);
  }
}

/** `--audio` for a simulated unit: real sound needs real time, so only at speed 1. */
function simulatedAudio(flags: DeviceFlags): { audio?: AudioConfig; music?: MusicConfig } {
  if (flags.audio === undefined) return {};
  if (flags.speed !== 1) throw new UsageError('--audio plays in real time: use it with --speed 1');
  const audio = audioConfigSchema.safeParse({ adapter: flags.audio, path: flags.audioPath });
  if (!audio.success) throw new UsageError(formatIssues(audio.error).replaceAll('\n', '; '));
  return { audio: audio.data, music: { preset: flags.preset, playlist: [] } };
}
