// The credit service's entry point: run with the telemetry preload (see scripts/supervisor.ts).
import { authenticatorFromConfig } from '@consorcio/shared/auth';
import { personalDataKeysFromConfig } from '@consorcio/shared/crypto';
import { servicePaymentsReader } from '@consorcio/shared/clients';
import { createLogger } from '@consorcio/shared/log';
import { objectStoreFromConfig } from '@consorcio/shared/storage';
import { openServiceClock, runService } from '@consorcio/shared/process';
import { settingsClientFromConfig } from '@consorcio/shared/settings';
import { creditConfig } from './config';
import { startCreditService } from './service';

runService('credit service', () => {
  const config = creditConfig();
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  return {
    log,
    async start() {
      const time = await openServiceClock(config.CONSORCIO_CLOCK, config.REDIS_URL, log);
      const payments = servicePaymentsReader('credit', config);
      const documents = objectStoreFromConfig(config);
      const service = await startCreditService({
        databaseUrl: config.DATABASE_URL,
        amqpUrl: config.AMQP_URL,
        host: config.GRPC_HOST,
        port: config.GRPC_PORT,
        clock: time.clock,
        log,
        authenticate: authenticatorFromConfig(config),
        payments,
        documents,
        personalData: personalDataKeysFromConfig(config),
        reencryptIntervalMs: config.PII_REENCRYPT_INTERVAL_MS,
        settings: settingsClientFromConfig(config.SERVICE_NAME, config),
        ...(config.METRICS_PORT ? { metrics: { port: config.METRICS_PORT, host: config.METRICS_HOST } } : {}),
      });
      return {
        stop: async () => {
          await service.stop();
          await time.close();
          payments.close();
          documents.close();
        },
        describe: { address: service.grpc.address },
      };
    },
  };
});
