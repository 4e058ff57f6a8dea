import { serviceAuthConfig } from '@consorcio/shared/auth';
import { baseServiceConfig, configOnce, loadConfig, port, str } from '@consorcio/shared/config';

/** The payments service's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const paymentsConfig = configOnce(() =>
  loadConfig({
    ...baseServiceConfig,
    ...serviceAuthConfig,
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
  }),
);

export type PaymentsConfig = ReturnType<typeof paymentsConfig>;
