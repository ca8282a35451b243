import { unitIdSchema } from '../../shared/schemas/common.js';
import type { AccountsRepo } from '../store/accounts-repo.js';
import type { BrokerIdentity } from './acl.js';

export interface AuthenticatorOptions {
  accounts: Pick<AccountsRepo, 'login'>;
  /** The controller's own login (a secret made at start-up). */
  controller: { username: string; password: string };
  /** Anonymous clients may read telemetry (the demo); otherwise they are refused. */
  anonymousRead: boolean;
}

/**
 * Who a broker login is: the controller by its start-up secret, a unit or an integrator by its
 * stored account (a unit's username must be its unit id); anything else is refused.
 */
export function brokerAuthenticator(o: AuthenticatorOptions) {
  return async (
    username: string | undefined,
    password: string | undefined,
  ): Promise<(BrokerIdentity & { stamp?: string }) | undefined> => {
    if (username === undefined) return o.anonymousRead ? { role: 'anonymous' } : undefined;
    if (username === o.controller.username)
      return password === o.controller.password ? { role: 'controller' } : undefined;
    const found = password === undefined ? undefined : await o.accounts.login(username, password);
    if (found?.role === 'unit' && unitIdSchema.safeParse(username).success)
      return { role: 'unit', unit: username, stamp: found.stamp };
    if (found?.role === 'integrator') return { role: 'integrator', name: username, stamp: found.stamp };
    return undefined;
  };
}
