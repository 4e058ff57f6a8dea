import { serviceAuthConfig } from '@consorcio/shared/auth';
import { baseServiceConfig, configOnce, loadConfig, port, str } from '@consorcio/shared/config';

/** The draws service's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const drawsConfig = configOnce(() =>
  loadConfig({
    ...baseServiceConfig,
    ...serviceAuthConfig,
    SERVICE_NAME: str({ default: 'draws' }),
    GRPC_PORT: port({ default: 50053 }),
    /** Where payments listens: the snapshot reads fund balances and records' statements from it. */
    PAYMENTS_GRPC_ADDR: str({ default: '127.0.0.1:50052' }),
    /** The Ed25519 private key (PEM) this service signs its calls to other services with (role SERVICE). */
    SERVICE_PRIVATE_KEY: str(),
  }),
);

export type DrawsConfig = ReturnType<typeof drawsConfig>;
