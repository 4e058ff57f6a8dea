import type { KeyObject } from 'node:crypto';
import { loadSigningKey, loadVerificationKeys, publicKeyOf, splitKeyList } from '@consorcio/shared/auth';
import { bool, int, optionalStr, str, type ConfigOf } from '@consorcio/shared/config';
import type { PasswordParams } from './passwords';

/**
 * The gateway's authentication variables, to spread into its config shape:
 * `loadConfig({ ...baseServiceConfig, ...gatewayAuthConfig })`.
 */
export const gatewayAuthConfig = {
  /** Ed25519 PKCS#8 PEM (or its base64) that signs access tokens. */
  GATEWAY_JWT_PRIVATE_KEY: str(),
  /** Extra SPKI PEMs (concatenated, or base64 of each separated by commas) still accepted during a key rotation. */
  GATEWAY_JWT_PUBLIC_KEYS: optionalStr(),
  GATEWAY_JWT_ISSUER: str({ default: 'consorcio-gateway' }),
  GATEWAY_JWT_AUDIENCE: str({ default: 'consorcio' }),
  GATEWAY_ACCESS_TOKEN_TTL_SECONDS: int({ default: 900, min: 60, max: 3600 }),
  GATEWAY_REFRESH_TOKEN_TTL_SECONDS: int({ default: 30 * 24 * 3600, min: 300, max: 365 * 24 * 3600 }),
  // argon2's own defaults (argon2id, 64 MiB, t=3, p=4); the minimums are OWASP's floor (19 MiB, t=2).
  // Tests that need cheap hashes pass PasswordParams directly, never through these variables.
  GATEWAY_ARGON2_MEMORY_KIB: int({ default: 65536, min: 19456, max: 4 * 1024 * 1024 }),
  GATEWAY_ARGON2_TIME_COST: int({ default: 3, min: 2, max: 20 }),
  GATEWAY_ARGON2_PARALLELISM: int({ default: 4, min: 1, max: 16 }),
  /** The first admin, created at start when no enabled ADMIN exists; both or neither. */
  GATEWAY_ADMIN_USERNAME: optionalStr(),
  GATEWAY_ADMIN_PASSWORD: optionalStr(),
  GATEWAY_LOGIN_LIMIT_PER_USERNAME: int({ default: 5, min: 1, max: 10_000 }),
  GATEWAY_LOGIN_LIMIT_PER_IP: int({ default: 20, min: 1, max: 10_000 }),
  /** Refresh, logout and user creation, per client IP. */
  GATEWAY_AUTH_LIMIT_PER_IP: int({ default: 60, min: 1, max: 10_000 }),
  GATEWAY_RATE_WINDOW_MS: int({ default: 60_000, min: 1000, max: 3_600_000 }),
  /** Take the client IP from the last X-Forwarded-For hop: only behind exactly one trusted proxy. */
  GATEWAY_TRUST_PROXY: bool({ default: false }),
};

export type GatewayAuthConfig = ConfigOf<typeof gatewayAuthConfig>;

/** The keys, token and limit settings the auth module runs with, derived from the parsed config. */
export interface AuthSettings {
  signingKey: KeyObject;
  /** The signing key's public half first, then any older keys still accepted. */
  verificationKeys: KeyObject[];
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  passwordParams: PasswordParams;
  admin: { username: string; password: string } | undefined;
  limits: AuthRateLimits;
  trustProxy: boolean;
}

/** Requests allowed per window, per key. */
export interface AuthRateLimits {
  loginPerUsername: number;
  loginPerIp: number;
  otherPerIp: number;
  windowMs: number;
}

/** Builds {@link AuthSettings}; throws at start-up when a key is unreadable or the admin pair is half set. */
export function authSettings(cfg: GatewayAuthConfig): AuthSettings {
  const signingKey = loadSigningKey(cfg.GATEWAY_JWT_PRIVATE_KEY);
  const extra = splitKeyList(cfg.GATEWAY_JWT_PUBLIC_KEYS);
  if ((cfg.GATEWAY_ADMIN_USERNAME === undefined) !== (cfg.GATEWAY_ADMIN_PASSWORD === undefined)) {
    throw new Error('config: GATEWAY_ADMIN_USERNAME and GATEWAY_ADMIN_PASSWORD must be set together');
  }
  return {
    signingKey,
    verificationKeys: [publicKeyOf(signingKey), ...(extra.length > 0 ? loadVerificationKeys(extra) : [])],
    issuer: cfg.GATEWAY_JWT_ISSUER,
    audience: cfg.GATEWAY_JWT_AUDIENCE,
    accessTokenTtlSeconds: cfg.GATEWAY_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: cfg.GATEWAY_REFRESH_TOKEN_TTL_SECONDS,
    passwordParams: {
      memoryCost: cfg.GATEWAY_ARGON2_MEMORY_KIB,
      timeCost: cfg.GATEWAY_ARGON2_TIME_COST,
      parallelism: cfg.GATEWAY_ARGON2_PARALLELISM,
    },
    admin:
      cfg.GATEWAY_ADMIN_USERNAME !== undefined && cfg.GATEWAY_ADMIN_PASSWORD !== undefined
        ? { username: cfg.GATEWAY_ADMIN_USERNAME, password: cfg.GATEWAY_ADMIN_PASSWORD }
        : undefined,
    limits: {
      loginPerUsername: cfg.GATEWAY_LOGIN_LIMIT_PER_USERNAME,
      loginPerIp: cfg.GATEWAY_LOGIN_LIMIT_PER_IP,
      otherPerIp: cfg.GATEWAY_AUTH_LIMIT_PER_IP,
      windowMs: cfg.GATEWAY_RATE_WINDOW_MS,
    },
    trustProxy: cfg.GATEWAY_TRUST_PROXY,
  };
}
