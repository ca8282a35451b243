import { AccountsRepo } from './accounts-repo.js';
import { ControlRepo } from './control-repo.js';
import { DurableRepo } from './durable-repo.js';
import { GapsRepo } from './gaps-repo.js';
import type { Store } from './open.js';
import { RejectsRepo } from './rejects-repo.js';
import { SessionsRepo } from './sessions-repo.js';
import { UnitsRepo } from './units-repo.js';

/** Every repository over one open store, built once by the composition root. */
export interface ControllerStore {
  units: UnitsRepo;
  sessions: SessionsRepo;
  rejects: RejectsRepo;
  accounts: AccountsRepo;
  durable: DurableRepo;
  gaps: GapsRepo;
  control: ControlRepo;
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
  };
}
