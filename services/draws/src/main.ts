// The draws service's entry point: run with the telemetry preload (see scripts/supervisor.ts).
import { authenticatorFromConfig } from '@consorcio/shared/auth';
import { createLogger } from '@consorcio/shared/log';
import { openServiceClock, runService } from '@consorcio/shared/process';
import { settingsClientFromConfig } from '@consorcio/shared/settings';
import { servicePaymentsReader } from '@consorcio/shared/clients';
import { drawsConfig } from './config';
import { startDrawsService } from './service';

runService('draws service', () => {
  const config = drawsConfig();
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  return {
    log,
    async start() {
      const time = await openServiceClock(config.CONSORCIO_CLOCK, config.REDIS_URL, log);
      const payments = servicePaymentsReader('draws', config);
      const service = await startDrawsService({
        databaseUrl: config.DATABASE_URL,
        amqpUrl: config.AMQP_URL,
        redisUrl: config.REDIS_URL,
        host: config.GRPC_HOST,
        port: config.GRPC_PORT,
        clock: time.clock,
        log,
        authenticate: authenticatorFromConfig(config),
        payments,
        reports: { refreshIntervalMs: config.REPORTS_REFRESH_INTERVAL_MS },
        settings: settingsClientFromConfig(config.SERVICE_NAME, config),
        ...(config.METRICS_PORT ? { metrics: { port: config.METRICS_PORT, host: config.METRICS_HOST } } : {}),
      });
      return {
        stop: async () => {
          await service.stop();
          await time.close();
          payments.close();
        },
        describe: { address: service.grpc.address },
      };
    },
  };
});
