import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/** argon2id cost parameters. Production uses argon2's defaults; only tests pass cheaper ones. */
export interface PasswordParams {
  /** KiB of memory per hash. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** argon2's own defaults: 64 MiB, 3 passes, 4 lanes (about 165 ms per hash on two cores). */
export const DEFAULT_PASSWORD_PARAMS: PasswordParams = { memoryCost: 65536, timeCost: 3, parallelism: 4 };

/**
 * Hashes and checks passwords with argon2id. `verifyUnknownUser` spends the same work as a real
 * check against a dummy hash, so the answer time does not reveal whether a username exists.
 */
export class PasswordHasher {
  private dummy: Promise<string>;

  constructor(private readonly params: PasswordParams = DEFAULT_PASSWORD_PARAMS) {
    // Made at once, so even the first unknown-user login costs no more than one verification;
    // from a random secret nobody knows, so it matches no password.
    this.dummy = this.hash(randomBytes(32).toString('base64url'));
    // A failure surfaces (and is retried) at the first use, not as an unhandled rejection.
    this.dummy.catch(() => undefined);
  }

  /** A PHC string (`$argon2id$v=19$m=...`) carrying its own salt and parameters. */
  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.params });
  }

  /** True when `password` matches `hash`; false (never a throw) for a malformed hash. */
  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Always false, after as much work as checking a real user's password. */
  async verifyUnknownUser(password: string): Promise<false> {
    await this.verify(await this.dummyHash(), password);
    return false;
  }

  /** True when `hash` was made with other parameters, so it should be replaced after a good login. */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, this.params);
    } catch {
      return true;
    }
  }

  private async dummyHash(): Promise<string> {
    try {
      return await this.dummy;
    } catch {
      this.dummy = this.hash(randomBytes(32).toString('base64url'));
      return this.dummy;
    }
  }
}
