// The groups service's entry point: run with the telemetry preload (see scripts/supervisor.ts).
import { authenticatorFromConfig } from '@consorcio/shared/auth';
import { personalDataKeysFromConfig } from '@consorcio/shared/crypto';
import { createLogger } from '@consorcio/shared/log';
import { settingsClientFromConfig } from '@consorcio/shared/settings';
import { openServiceClock, runService } from '@consorcio/shared/process';
import { groupsConfig } from './config';
import { startGroupsService } from './service';

runService('groups service', () => {
  const config = groupsConfig();
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  return {
    log,
    async start() {
      const time = await openServiceClock(config.CONSORCIO_CLOCK, config.REDIS_URL, log);
      const service = await startGroupsService({
        databaseUrl: config.DATABASE_URL,
        amqpUrl: config.AMQP_URL,
        host: config.GRPC_HOST,
        port: config.GRPC_PORT,
        clock: time.clock,
        log,
        authenticate: authenticatorFromConfig(config),
        settings: settingsClientFromConfig(config.SERVICE_NAME, config),
        personalData: personalDataKeysFromConfig(config),
        reencryptIntervalMs: config.PII_REENCRYPT_INTERVAL_MS,
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
