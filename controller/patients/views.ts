import type { PatientView } from '../../shared/api-people.js';
import { toUnitView } from '../http/views.js';
import type { PatientRecord } from '../store/patients-repo.js';
import type { ControllerStore } from '../store/repos.js';

export async function toPatientView(store: ControllerStore, p: PatientRecord): Promise<PatientView> {
  const unit = p.unit ? await store.units.get(p.unit) : undefined;
  return {
    code: p.code,
    timezone: p.timezone,
    unit: p.unit,
    caregivers: p.caregivers,
    live: unit ? toUnitView(unit) : null,
  };
}
