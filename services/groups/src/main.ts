// The groups service's entry point: run with the telemetry preload (see scripts/supervisor.ts).
import { authenticatorFromConfig } from '@consorcio/shared/auth';
import { systemClock } from '@consorcio/shared/clock';
import { createLogger } from '@consorcio/shared/log';
import { runService } from '@consorcio/shared/process';
import { groupsConfig } from './config';
import { startGroupsService } from './service';

runService('groups service', () => {
  const config = groupsConfig();
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  return {
    log,
    async start() {
      const service = await startGroupsService({
        databaseUrl: config.DATABASE_URL,
        amqpUrl: config.AMQP_URL,
        host: config.GRPC_HOST,
        port: config.GRPC_PORT,
        clock: systemClock,
        log,
        authenticate: authenticatorFromConfig(config),
        ...(config.METRICS_PORT ? { metricsPort: config.METRICS_PORT } : {}),
      });
      return { stop: () => service.stop(), describe: { address: service.grpc.address } };
    },
  };
});
