import type { Clock } from '../../shared/clock.js';
import { createUser, resetPassword } from '../auth/users.js';
import { seedDemoOutcomes } from '../outcomes/demo-outcomes.js';
import type { ControllerStore } from '../store/repos.js';

export const DEMO_USERNAME = 'demo';

/**
 * The demo's people: caregiver `demo` (a fresh password every run, shown once) and one patient
 * per simulated unit, assigned to it, with four weeks of outcome measures. Idempotent over a kept
 * demo database.
 */
export async function seedDemo(
  store: ControllerStore,
  clock: Clock,
  units: readonly string[],
): Promise<{ username: string; password: string }> {
  const issued =
    (await createUser(store, clock, DEMO_USERNAME, 'caregiver')) ??
    (await resetPassword(store, clock, DEMO_USERNAME));
  if (!issued) throw new Error('could not create the demo caregiver');
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  for (const unit of units) {
    const code = `demo-${unit}`;
    if (await store.patients.exists(code)) continue;
    await store.patients.create({ code, timezone, unit, caregivers: [DEMO_USERNAME] }, clock.now());
    await seedDemoOutcomes(store, clock, code, timezone);
  }
  return { username: issued.username, password: issued.password };
}
