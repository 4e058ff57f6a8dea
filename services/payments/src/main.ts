// The payments service's entry point: run with the telemetry preload (see scripts/supervisor.ts).
import { authenticatorFromConfig } from '@consorcio/shared/auth';
import { createLogger } from '@consorcio/shared/log';
import { openServiceClock, runService } from '@consorcio/shared/process';
import { settingsClientFromConfig } from '@consorcio/shared/settings';
import { paymentsConfig } from './config';
import { LocalBankProvider } from './provider/local-bank-provider';
import { startPaymentsService } from './service';

runService('payments service', () => {
  const config = paymentsConfig();
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  return {
    log,
    async start() {
      const time = await openServiceClock(config.CONSORCIO_CLOCK, config.REDIS_URL, log);
      const service = await startPaymentsService({
        databaseUrl: config.DATABASE_URL,
        amqpUrl: config.AMQP_URL,
        redisUrl: config.REDIS_URL,
        host: config.GRPC_HOST,
        port: config.GRPC_PORT,
        clock: time.clock,
        log,
        authenticate: authenticatorFromConfig(config),
        provider: new LocalBankProvider({
          name: config.PROVIDER_NAME,
          webhookSecret: config.PROVIDER_WEBHOOK_SECRET,
          bankCode: config.PROVIDER_BANK_CODE,
          pixKey: config.PIX_KEY,
          merchantName: config.PIX_MERCHANT_NAME,
          merchantCity: config.PIX_MERCHANT_CITY,
        }),
        reports: { refreshIntervalMs: config.REPORTS_REFRESH_INTERVAL_MS },
        settings: settingsClientFromConfig(config.SERVICE_NAME, config),
        ...(config.METRICS_PORT ? { metrics: { port: config.METRICS_PORT, host: config.METRICS_HOST } } : {}),
      });
      return {
        stop: async () => {
          await service.stop();
          await time.close();
        },
        describe: { address: service.grpc.address },
      };
    },
  };
});
