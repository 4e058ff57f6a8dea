import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import { withTransaction } from '@consorcio/shared/db';
import type { Logger } from '@consorcio/shared/log';
import { activeAdminExists } from '../db/users-repo';
import type { PasswordHasher } from './passwords';
import { insertValidUser, validateNewUser } from './users';

export interface BootstrapAdminDeps {
  db: Knex;
  clock: Clock;
  log: Logger;
  passwords: PasswordHasher;
}

/** What {@link bootstrapAdmin} did. */
export type BootstrapOutcome = 'created' | 'admin-exists' | 'not-configured';

// Any constant works; it only has to be the same in every gateway replica.
const BOOTSTRAP_LOCK = 'gateway.bootstrap-admin';

/**
 * Creates the first ADMIN from configuration (GATEWAY_ADMIN_USERNAME / GATEWAY_ADMIN_PASSWORD) when
 * no enabled ADMIN exists; does nothing otherwise, so it runs on every start. Replicas starting
 * together are serialized by a transaction-scoped advisory lock, so at most one creates the user.
 * A configured password that breaks the password rules stops the start with a ValidationError.
 */
export async function bootstrapAdmin(
  deps: BootstrapAdminDeps,
  admin: { username: string; password: string } | undefined,
): Promise<BootstrapOutcome> {
  const outcome = await withTransaction(deps.db, async (trx: Knex.Transaction): Promise<BootstrapOutcome> => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [BOOTSTRAP_LOCK]);
    if (await activeAdminExists(trx)) return 'admin-exists';
    if (admin === undefined) return 'not-configured';
    const user = validateNewUser({ username: admin.username, password: admin.password, roles: ['ADMIN'] });
    await insertValidUser(deps, trx, user);
    return 'created';
  });
  if (outcome === 'created') deps.log.info({ payload: { username: admin?.username } }, 'bootstrap admin created');
  if (outcome === 'not-configured') {
    deps.log.warn('no enabled ADMIN exists and GATEWAY_ADMIN_USERNAME/GATEWAY_ADMIN_PASSWORD are not set');
  }
  return outcome;
}
