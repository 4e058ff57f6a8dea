import { serviceAuthConfig } from '@consorcio/shared/auth';
import { baseServiceConfig, configOnce, int, loadConfig, port, str } from '@consorcio/shared/config';
import { personalDataConfig } from '@consorcio/shared/crypto';
import { objectStoreConfig } from '@consorcio/shared/storage';
import { settingsClientConfig } from '@consorcio/shared/settings';

/** The credit service's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const creditConfig = configOnce(() =>
  loadConfig({
    ...baseServiceConfig,
    ...serviceAuthConfig,
    // SETTINGS_GRPC_ADDR (optional): the platform's settings, cached and kept current like in every service.
    ...settingsClientConfig,
    SERVICE_NAME: str({ default: 'credit' }),
    GRPC_PORT: port({ default: 50054 }),
    /** Where payments listens: a cash-out reads the record's position from it. */
    PAYMENTS_GRPC_ADDR: str({ default: '127.0.0.1:50052' }),
    /** Where usage requests' documents are stored (content-addressed): OBJECT_STORE, DOCUMENTS_DIR, S3_*. */
    ...objectStoreConfig,
    /** The Ed25519 private key (PEM) this service signs its calls to other services with (role SERVICE). */
    SERVICE_PRIVATE_KEY: str(),
    // Usage requests' sellers are personal data: PII_KEYS, PII_ACTIVE_KEY_ID, PII_INDEX_KEY (required;
    // docs/personal-data.md).
    ...personalDataConfig,
    PII_REENCRYPT_INTERVAL_MS: int({ default: 60_000, min: 100 }),
  }),
);
