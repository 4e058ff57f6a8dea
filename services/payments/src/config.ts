import { serviceAuthConfig } from '@consorcio/shared/auth';
import { baseServiceConfig, configOnce, int, loadConfig, port, str } from '@consorcio/shared/config';
import { settingsClientConfig } from '@consorcio/shared/settings';

/** The payments service's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const paymentsConfig = configOnce(() =>
  loadConfig({
    ...baseServiceConfig,
    ...serviceAuthConfig,
    // SETTINGS_GRPC_ADDR (optional) and SERVICE_PRIVATE_KEY: the reports' cache TTL follows the settings service.
    ...settingsClientConfig,
    SERVICE_NAME: str({ default: 'payments' }),
    GRPC_PORT: port({ default: 50052 }),
    // The payment provider (boleto and PIX charges, settlement webhooks).
    PROVIDER_NAME: str({ default: 'local-bank' }),
    /** Shared secret of the provider's webhook signatures (HMAC-SHA256). */
    PROVIDER_WEBHOOK_SECRET: str(),
    /** The collecting bank's three-digit code on boletos. */
    PROVIDER_BANK_CODE: str({ default: '001' }),
    /** The administradora's PIX key and the name and city its BR Codes show. */
    PIX_KEY: str(),
    PIX_MERCHANT_NAME: str({ default: 'CONSORCIO' }),
    PIX_MERCHANT_CITY: str({ default: 'SAO PAULO' }),
    // Reports (docs/reports.md): pause between scheduled refreshes of the report views (0: on demand only). How long
    // a computed report is cached is the setting `reports.cache_ttl_seconds`.
    REPORTS_REFRESH_INTERVAL_MS: int({ default: 300_000, min: 0 }),
  }),
);

export type PaymentsConfig = ReturnType<typeof paymentsConfig>;
