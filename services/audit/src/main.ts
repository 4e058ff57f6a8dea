// The audit service's entry point: run with the telemetry preload (see scripts/supervisor.ts).
import { authenticatorFromConfig } from '@consorcio/shared/auth';
import { createLogger } from '@consorcio/shared/log';
import { openServiceClock, runService } from '@consorcio/shared/process';
import { settingsClientFromConfig } from '@consorcio/shared/settings';
import { signingKeyFromPem } from './app/signing-key';
import { auditConfig } from './config';
import { startAuditService } from './service';

runService('audit service', () => {
  const config = auditConfig();
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  return {
    log,
    async start() {
      const time = await openServiceClock(config.CONSORCIO_CLOCK, config.REDIS_URL, log);
      const service = await startAuditService({
        databaseUrl: config.DATABASE_URL,
        amqpUrl: config.AMQP_URL,
        host: config.GRPC_HOST,
        port: config.GRPC_PORT,
        clock: time.clock,
        log,
        authenticate: authenticatorFromConfig(config),
        signing: signingKeyFromPem(config.AUDIT_SIGNING_KEY, config.AUDIT_INSTALLATION),
        checkpointIntervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
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
