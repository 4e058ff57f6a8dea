import { serviceAuthConfig } from '@consorcio/shared/auth';
import { baseServiceConfig, configOnce, int, loadConfig, port, str } from '@consorcio/shared/config';
import { settingsClientConfig } from '@consorcio/shared/settings';

/** The draws service's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const drawsConfig = configOnce(() =>
  loadConfig({
    ...baseServiceConfig,
    ...serviceAuthConfig,
    // SETTINGS_GRPC_ADDR (optional): the reports' cache TTL follows the settings service.
    ...settingsClientConfig,
    SERVICE_NAME: str({ default: 'draws' }),
    GRPC_PORT: port({ default: 50053 }),
    /** Where payments listens: the snapshot reads fund balances and records' statements from it. */
    PAYMENTS_GRPC_ADDR: str({ default: '127.0.0.1:50052' }),
    /** The Ed25519 private key (PEM) this service signs its calls to other services with (role SERVICE). */
    SERVICE_PRIVATE_KEY: str(),
    // Reports (docs/reports.md): pause between scheduled refreshes of the report views (0: on demand only). How long
    // a computed report is cached is the setting `reports.cache_ttl_seconds`.
    REPORTS_REFRESH_INTERVAL_MS: int({ default: 300_000, min: 0 }),
  }),
);

export type DrawsConfig = ReturnType<typeof drawsConfig>;
