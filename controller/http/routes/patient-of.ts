import { ControllerErrorCode } from '../../errors.js';
import type { PatientRecord } from '../../store/patients-repo.js';
import type { ControllerStore } from '../../store/repos.js';

/**
 * The route's patient. The access policy has already decided the caller may see it; one removed
 * since answers 404 like any unknown patient.
 */
export async function patientOf(store: ControllerStore, code: string): Promise<PatientRecord> {
  const patient = await store.patients.get(code);
  if (!patient)
    throw Object.assign(new Error(`no patient ${code}`), {
      statusCode: 404,
      code: ControllerErrorCode.NotFound,
    });
  return patient;
}
