import { type Clock, RealClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { DeviceConfig } from '../config/device-config.js';
import { buildPorts, type HardwareDeps } from '../ports/factory.js';
import type { Port } from '../ports/port.js';
import { SimulatedRemote } from '../ports/remote/simulated.js';
import { PatientModel, patientProfiles } from '../sim/patient.js';
import type { DoctorCheck } from './check.js';
import { checkPort } from './check-port.js';

/** Opens each configured port once, as the unit would, and says whether it works. */
export async function portChecks(
  config: DeviceConfig,
  o: { clock?: Clock; log: Logger; hardware?: HardwareDeps; openTimeoutMs?: number },
): Promise<DoctorCheck[]> {
  const clock = o.clock ?? new RealClock();
  const patient = new PatientModel(patientProfiles.typical, 'doctor', clock.now());
  const built = buildPorts(config, {
    clock,
    log: o.log,
    patient,
    simulatedRemote: new SimulatedRemote(),
    hardware: o.hardware,
  });
  const checks: DoctorCheck[] = [];
  for (const [name, port] of Object.entries(built.ports) as [string, Port][]) {
    checks.push(await checkPort(name, port, clock, o.openTimeoutMs ?? 5000));
  }
  await built.close();
  return checks;
}
