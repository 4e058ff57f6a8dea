import { str, type ConfigOf } from '../config';
import type { Authenticator } from '../grpc/call-context';
import { jwtAuthenticator } from './authenticator';
import { loadVerificationKeys, splitKeyList } from './keys';

/**
 * The variables every service reads to verify the gateway's access tokens. Spread into a service's
 * shape: `loadConfig({ ...baseServiceConfig, ...serviceAuthConfig })`.
 */
export const serviceAuthConfig = {
  /** One or more Ed25519 public keys: PEM blocks, or comma-separated base64 of PEM/DER. */
  AUTH_PUBLIC_KEYS: str(),
  AUTH_ISSUER: str({ default: 'consorcio-gateway' }),
  AUTH_AUDIENCE: str({ default: 'consorcio' }),
};

export type ServiceAuthConfig = ConfigOf<typeof serviceAuthConfig>;

/** The authenticator a service's gRPC server uses: only tokens signed by the configured keys count. */
export function authenticatorFromConfig(cfg: ServiceAuthConfig): Authenticator {
  return jwtAuthenticator({
    publicKeys: loadVerificationKeys(splitKeyList(cfg.AUTH_PUBLIC_KEYS)),
    issuer: cfg.AUTH_ISSUER,
    audience: cfg.AUTH_AUDIENCE,
  });
}
