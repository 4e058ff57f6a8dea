import { serviceAuthConfig } from '@consorcio/shared/auth';
import { settingsClientConfig } from '@consorcio/shared/settings';
import { personalDataConfig } from '@consorcio/shared/crypto';
import { baseServiceConfig, configOnce, int, loadConfig, port, str } from '@consorcio/shared/config';

/** The groups service's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const groupsConfig = configOnce(() =>
  loadConfig({
    ...baseServiceConfig,
    ...serviceAuthConfig,
    // SETTINGS_GRPC_ADDR (optional) and SERVICE_PRIVATE_KEY: plan defaults follow the settings service.
    ...settingsClientConfig,
    SERVICE_NAME: str({ default: 'groups' }),
    GRPC_PORT: port({ default: 50051 }),
    // Members' personal data: PII_KEYS, PII_ACTIVE_KEY_ID, PII_INDEX_KEY (required; docs/personal-data.md).
    ...personalDataConfig,
    PII_REENCRYPT_INTERVAL_MS: int({ default: 60_000, min: 100 }),
  }),
);

export type GroupsConfig = ReturnType<typeof groupsConfig>;
