import { AccountsRepo } from './accounts-repo.js';
import { AlertsRepo } from './alerts-repo.js';
import { AuditRepo } from './audit-repo.js';
import { ControlRepo } from './control-repo.js';
import { DurableRepo } from './durable-repo.js';
import { GapsRepo } from './gaps-repo.js';
import { HeardRepo } from './heard-repo.js';
import { LoginSessionsRepo } from './login-sessions-repo.js';
import { NotesRepo } from './notes-repo.js';
import type { Store } from './open.js';
import { OutcomesRepo } from './outcomes-repo.js';
import { PatientsRepo } from './patients-repo.js';
import { ProtocolsRepo } from './protocols-repo.js';
import { RejectsRepo } from './rejects-repo.js';
import { SessionsRepo } from './sessions-repo.js';
import { UnitsRepo } from './units-repo.js';
import { UsersRepo } from './users-repo.js';

/** Every repository over one open store, built once by the composition root. */
export interface ControllerStore {
  units: UnitsRepo;
  sessions: SessionsRepo;
  rejects: RejectsRepo;
  accounts: AccountsRepo;
  durable: DurableRepo;
  gaps: GapsRepo;
  control: ControlRepo;
  users: UsersRepo;
  logins: LoginSessionsRepo;
  patients: PatientsRepo;
  audit: AuditRepo;
  outcomes: OutcomesRepo;
  alerts: AlertsRepo;
  notes: NotesRepo;
  heard: HeardRepo;
  protocols: ProtocolsRepo;
}

export function repositories(store: Store): ControllerStore {
  return {
    units: new UnitsRepo(store.db),
    sessions: new SessionsRepo(store.db),
    rejects: new RejectsRepo(store.db),
    accounts: new AccountsRepo(store.db),
    durable: new DurableRepo(store.db),
    gaps: new GapsRepo(store.db),
    control: new ControlRepo(store.db),
    users: new UsersRepo(store.db),
    logins: new LoginSessionsRepo(store.db),
    patients: new PatientsRepo(store.db),
    audit: new AuditRepo(store.db),
    outcomes: new OutcomesRepo(store.db),
    alerts: new AlertsRepo(store.db),
    notes: new NotesRepo(store.db),
    heard: new HeardRepo(store.db),
    protocols: new ProtocolsRepo(store.db),
  };
}
