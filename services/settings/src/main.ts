// The settings service's entry point: run with the telemetry preload (see scripts/supervisor.ts).
import { authenticatorFromConfig } from '@consorcio/shared/auth';
import { createLogger } from '@consorcio/shared/log';
import { openServiceClock, runService } from '@consorcio/shared/process';
import { settingsConfig } from './config';
import { startSettingsService } from './service';

runService('settings service', () => {
  const config = settingsConfig();
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  return {
    log,
    async start() {
      const time = await openServiceClock(config.CONSORCIO_CLOCK, config.REDIS_URL, log);
      const service = await startSettingsService({
        databaseUrl: config.DATABASE_URL,
        amqpUrl: config.AMQP_URL,
        host: config.GRPC_HOST,
        port: config.GRPC_PORT,
        clock: time.clock,
        log,
        authenticate: authenticatorFromConfig(config),
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
