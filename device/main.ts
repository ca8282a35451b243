import { join } from 'node:path';
import mqtt from 'mqtt';
import { sessionCalibration } from '../shared/calibration.js';
import { type Clock, RealClock, ScaledClock, type Timer } from '../shared/clock.js';
import type { Logger } from '../shared/log.js';
import type { BrokerTls } from '../shared/mqtt-client.js';
import { Random } from '../shared/random.js';
import { defaultProgramConfig, type ProgramConfig } from '../shared/schemas/program-params.js';
import { brokerLoginFromConfig } from './config/broker-login.js';
import type { DeviceConfig, MusicConfig } from './config/device-config.js';
import { createMusicPlayer } from './music/from-config.js';
import { DEFAULT_PRESET } from './music/generative/presets.js';
import { SessionMusic } from './music/session-music.js';
import type { AudioConfig } from './ports/audio/config.js';
import { type BuiltPorts, buildPorts, type PortContext } from './ports/factory.js';
import { SimulatedLight } from './ports/light/simulated.js';
import { SimulatedPulse } from './ports/pulse/simulated.js';
import { SimulatedOximeter } from './ports/pulse/simulated-oximeter.js';
import { SimulatedRemote } from './ports/remote/simulated.js';
import { configForSessionLength, programParams } from './program/params.js';
import { type ClockSyncProbe, ClockSyncWatch, timedatectlProbe } from './schedule/clock-sync.js';
import { configProtocol, unitSchedule } from './schedule/unit-schedule.js';
import { SessionJournal } from './service/session-journal.js';
import { PatientModel, type PatientProfileName, patientProfiles } from './sim/patient.js';
import { MqttUnitLink } from './telemetry/mqtt-link.js';
import type { Durability } from './telemetry/state-db.js';
import { StateDir } from './telemetry/state-dir.js';
import { unitCommandHandler } from './unit/command-handler.js';
import { Unit } from './unit/unit.js';
import { FIRMWARE_VERSION } from './unit/version.js';

export interface StartUnitOptions {
  id: string;
  brokerUrl: string;
  username?: string;
  password?: string;
  /** TLS towards the broker (certificate always verified; a private CA from the config). */
  tls?: BrokerTls;
  /** Time runs this many times faster than real time. */
  speed: number;
  stateDir?: string;
  profile: PatientProfileName;
  /** The wind-down program's parameters (the config's `program` section); defaults otherwise. */
  program?: ProgramConfig;
  /** Overrides the session length; below 20 min (demos) every phase is scaled down with it. */
  sessionMinutes?: number;
  /** Start a session at once, as if the patient pressed start. */
  sessionNow?: boolean;
  /** Start the next session this long (unit time) after each one ends: the demo's loop. */
  repeatAfterMs?: number;
  calibration?: DeviceConfig['calibration'];
  /** 4 = MQTT 3.1.1 (default); 5 also uses session expiry and will delay. */
  mqttProtocol?: 4 | 5;
  /** `process-crash` for load tests with many units in one process (default `power-loss`). */
  durability?: Durability;
  log: Logger;
  /** Real ports from a config (device/ports/factory.ts); without it every port is simulated. */
  buildPorts?: (ctx: PortContext) => BuiltPorts;
  /** The simulated pulse: a PPG waveform through the beat detector (default), or an oximeter's own heart rate. */
  simulatedPulse?: 'ppg' | 'oximeter';
  /** Sound output; without it the unit runs silent (simulated units, the demo). Needs speed 1. */
  audio?: AudioConfig;
  music?: MusicConfig;
  /** Whether the wall clock is synchronised; without it the clock counts as synchronised (simulated). */
  clockSync?: ClockSyncProbe;
  /** The unit's clock from its start time (tests: one whose wall time can step); default ScaledClock at `speed`. */
  clock?: (startMs: number) => Clock;
}

export interface RunningUnit {
  unit: Unit;
  clock: Clock;
  telemetry: MqttUnitLink;
  remote: SimulatedRemote;
  stop(): Promise<void>;
}

/**
 * Composes a unit: state dir, Clock, MQTT link, schedule, ports (simulated unless `buildPorts`
 * gives real ones), sound (when `audio` is given) and the program.
 */
export async function startUnit(o: StartUnitOptions): Promise<RunningUnit> {
  const stateDir = StateDir.open(o.stateDir ?? join('data', `unit-${o.id}`), { durability: o.durability });
  // Time never runs backwards across restarts: start at the later of now and the last stored ts.
  const startMs = Math.max(Date.now(), stateDir.lastTs + 1);
  const clock = o.clock?.(startMs) ?? new ScaledClock(o.speed, startMs);
  const log = o.log.child({ unit: o.id });
  const patient = new PatientModel(patientProfiles[o.profile], o.id, clock.now());
  const remote = new SimulatedRemote();
  const telemetry = new MqttUnitLink({
    connect: mqtt.connect,
    url: o.brokerUrl,
    unit: o.id,
    username: o.username,
    password: o.password,
    tls: o.tls,
    protocol: o.mqttProtocol,
    clock,
    // Commands expire by the controller's wall clock; a unit whose time runs faster must not judge them by its own.
    commandClock: o.speed === 1 ? undefined : new RealClock(),
    random: new Random(`${o.id}:${clock.now()}`),
    log,
    stateDir,
  });
  const calibration = sessionCalibration(o.calibration);
  const clockSync = o.clockSync && new ClockSyncWatch({ clock, log, probe: o.clockSync });
  const schedule = unitSchedule({
    clock,
    log,
    stateDir,
    telemetry,
    unit: () => unit,
    calibration,
    clockSynced: clockSync && (() => clockSync.isSynced()),
  });
  const built = o.buildPorts?.({ clock, log, patient, simulatedRemote: remote });
  const audio = o.audio && {
    player: await createMusicPlayer({ audio: o.audio, calibration: calibration, clock, log }),
    music: new SessionMusic({
      preset: o.music?.preset ?? DEFAULT_PRESET,
      playlist: o.music?.playlist ?? [],
      log,
    }),
  };
  const unit = new Unit({
    id: o.id,
    clock,
    log,
    ports: built?.ports ?? {
      pulse:
        o.simulatedPulse === 'oximeter'
          ? new SimulatedOximeter(clock, patient, o.id)
          : new SimulatedPulse(clock, patient, { seed: o.id }),
      light: new SimulatedLight(clock, calibration.light_cap),
      remote,
    },
    // Every session's events also go to the state dir's journal, for `nocturne logs --session`.
    telemetry: new SessionJournal(stateDir.path, clock, log).wrap(telemetry),
    stateDir,
    program: programParams(programConfig(o), calibration),
    firmware: FIRMWARE_VERSION,
    simulated: built?.simulated ?? true,
    calibration,
    nextSessionAt: () => schedule.nextSessionAt(),
    scheduleHold: () => schedule.hold(),
    protocol: configProtocol(programConfig(o)),
    audio,
  });
  telemetry.onCommand(unitCommandHandler(unit, schedule));
  telemetry.onSchedule((payload) => schedule.receive(payload));
  unit.onSessionStarted(() => patient.beginWindDown(clock.now()));
  let repeat: Timer | undefined;
  let stopping = false;
  if (o.repeatAfterMs !== undefined) {
    const gap = o.repeatAfterMs;
    unit.onSessionEnded(() => {
      if (stopping) return;
      repeat = clock.setTimeout(() => {
        unit.startSession('auto').catch((err: unknown) => log.error({ err }, 'could not restart session'));
      }, gap);
    });
  }
  clockSync?.start();
  schedule.start();
  await unit.start();
  if (o.sessionNow) await unit.startSession('button');
  const stop = async () => {
    stopping = true;
    repeat?.cancel();
    schedule.stop();
    clockSync?.stop();
    await unit.stop();
    await built?.close();
    stateDir.close();
  };
  return { unit, clock, telemetry, remote, stop };
}

/** A unit from its validated config file: each port's adapter as configured, simulated or real. */
export async function startUnitFromConfig(config: DeviceConfig, log: Logger): Promise<RunningUnit> {
  const pulse = config.ports.pulse;
  const login = brokerLoginFromConfig(config.broker);
  return startUnit({
    id: config.unit_id,
    brokerUrl: login.url,
    username: login.username,
    password: login.password,
    tls: login.tls,
    mqttProtocol: login.protocol,
    speed: 1,
    stateDir: config.state_dir,
    profile: pulse.adapter === 'simulated' ? pulse.profile : 'typical',
    program: config.program,
    calibration: config.calibration,
    audio: config.audio,
    music: config.music,
    log,
    buildPorts: (ctx) => buildPorts(config, ctx),
    clockSync: timedatectlProbe,
  });
}

function programConfig(o: StartUnitOptions): ProgramConfig {
  const config = o.program ?? defaultProgramConfig;
  return o.sessionMinutes === undefined ? config : configForSessionLength(config, o.sessionMinutes);
}
