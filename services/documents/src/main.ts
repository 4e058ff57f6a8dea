// The documents service's entry point: run with the telemetry preload (see scripts/supervisor.ts).
import { authenticatorFromConfig } from '@consorcio/shared/auth';
import { createLogger } from '@consorcio/shared/log';
import { openServiceClock, runService } from '@consorcio/shared/process';
import { settingsClientFromConfig } from '@consorcio/shared/settings';
import { objectStoreFromConfig } from '@consorcio/shared/storage';
import { documentsConfig } from './config';
import { startDocumentsService } from './service';

runService('documents service', () => {
  const config = documentsConfig();
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  return {
    log,
    async start() {
      const time = await openServiceClock(config.CONSORCIO_CLOCK, config.REDIS_URL, log);
      const store = objectStoreFromConfig(config);
      const service = await startDocumentsService({
        databaseUrl: config.DATABASE_URL,
        amqpUrl: config.AMQP_URL,
        host: config.GRPC_HOST,
        port: config.GRPC_PORT,
        clock: time.clock,
        log,
        authenticate: authenticatorFromConfig(config),
        store,
        settings: settingsClientFromConfig(config.SERVICE_NAME, config),
        retention: {
          yearsAfterClosing: config.DOCUMENTS_RETENTION_YEARS,
          unboundDays: config.DOCUMENTS_UNBOUND_RETENTION_DAYS,
        },
        purgeIntervalMs: config.DOCUMENTS_PURGE_INTERVAL_MS,
        ...(config.METRICS_PORT ? { metrics: { port: config.METRICS_PORT, host: config.METRICS_HOST } } : {}),
      });
      return {
        stop: async () => {
          await service.stop();
          store.close();
          await time.close();
        },
        describe: { address: service.grpc.address },
      };
    },
  };
});
