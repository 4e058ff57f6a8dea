// The groups service's entry point: run with the telemetry preload (see scripts/supervisor.ts).
import { authenticatorFromConfig } from '@consorcio/shared/auth';
import { systemClock } from '@consorcio/shared/clock';
import { createLogger } from '@consorcio/shared/log';
import { groupsConfig } from './config';
import { startGroupsService } from './service';

async function main(): Promise<void> {
  const config = groupsConfig();
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
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
  log.info({ payload: { address: service.grpc.address } }, 'groups service listening');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ payload: { signal } }, 'groups service stopping');
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'groups service did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
