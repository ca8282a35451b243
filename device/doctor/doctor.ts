import { type Clock, RealClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { MqttConnect } from '../../shared/mqtt.js';
import type { DeviceConfig } from '../config/device-config.js';
import type { HardwareDeps } from '../ports/factory.js';
import type { DoctorCheck } from './check.js';
import { type MachinePaths, machineChecks } from './machine-checks.js';
import { portChecks } from './port-checks.js';
import { audioCheck, brokerCheck, clockCheck } from './service-checks.js';

export interface DoctorOptions {
  config?: DeviceConfig;
  log: Logger;
  clock?: Clock;
  hardware?: HardwareDeps;
  /** Where device nodes and boot config live (tests point these at temp dirs). */
  paths?: MachinePaths;
  /** How long a port may take to open, ms. */
  openTimeoutMs?: number;
  /** How to reach the configured broker (the command passes `mqtt.connect`); no broker check without it. */
  connect?: MqttConnect;
}

/**
 * Checks this machine (board, buses, sound, clock) and, given a config, opens each configured port
 * and the audio output once, logs in to the broker, and says what works and what to fix.
 */
export async function runDoctor(o: DoctorOptions): Promise<DoctorCheck[]> {
  const clock = o.clock ?? new RealClock();
  const checks = await machineChecks(o);
  checks.push(await clockCheck(clock.now()));
  if (o.config) checks.push(...(await portChecks(o.config, o)));
  checks.push(await audioCheck(o.config, { clock, log: o.log }));
  if (o.config && o.connect) checks.push(await brokerCheck(o.config, o.connect));
  return checks;
}

export type { DoctorCheck };
