import { createDb, migrateUp } from '@consorcio/shared/db';
import { DrawsServiceClient, type DrawsServiceServer } from '@consorcio/shared/gen/consorcio/draws/v1/draws_service';
import { createClient, promiseClient, type PromiseClient } from '@consorcio/shared/grpc';
import { createLogger } from '@consorcio/shared/log';
import { infraUrls, TEST_RETRY_DELAYS_MS } from '@consorcio/shared/testing';
import { startPaymentsHarness, type PaymentsHarness } from '../../../payments/test/integration/harness';
import { paymentsReader } from '@consorcio/shared/clients';
import { DRAWS_SERVICE_NAME, startDrawsService, type RunningDrawsService } from '../../src/service';

/** groups, payments and `replicas` draws processes on one private exchange and fresh schemas. */
export interface DrawsHarness extends PaymentsHarness {
  draws: RunningDrawsService[];
  /** Draws clients acting as an operator, one per replica. */
  drawsApis: PromiseClient<DrawsServiceServer>[];
  drawsApi: PromiseClient<DrawsServiceServer>;
}

export async function startDrawsHarness(opts: { replicas?: number; lockTtlMs?: number } = {}): Promise<DrawsHarness> {
  const p = await startPaymentsHarness();
  const urls = infraUrls('test');
  const db = createDb({ url: urls.databaseUrl, applicationName: 'draws-test-setup' });
  await db.raw('drop schema if exists draws cascade');
  await migrateUp(db, 'draws');
  await db.destroy();
  const reader = paymentsReader(p.replicas[0]!.grpc.address, () => p.tokens.token(['SERVICE']));
  const draws: RunningDrawsService[] = [];
  for (let i = 0; i < (opts.replicas ?? 1); i++) {
    const service = await startDrawsService({
      databaseUrl: urls.databaseUrl,
      amqpUrl: urls.amqpUrl,
      redisUrl: urls.redisUrl,
      host: '127.0.0.1',
      port: 0,
      clock: p.clock,
      log: createLogger({ service: 'draws-test', level: 'silent' }),
      authenticate: p.tokens.authenticate,
      payments: reader,
      exchange: p.exchange,
      mailboxExchange: `${p.exchange}.assembly`,
      relayPollMs: 30,
      retryDelaysMs: TEST_RETRY_DELAYS_MS,
      healthIntervalMs: 200,
      reminderPollMs: 100,
      ...(opts.lockTtlMs ? { lockTtlMs: opts.lockTtlMs } : {}),
    });
    await service.consuming;
    draws.push(service);
  }
  const clients = draws.map((d) =>
    createClient(DrawsServiceClient, DRAWS_SERVICE_NAME, d.grpc.address, {
      bearerToken: () => p.tokens.token(['OPERATOR']),
    }),
  );
  const drawsApis = clients.map((c) => promiseClient<DrawsServiceServer>(c));
  return {
    ...p,
    draws,
    drawsApis,
    drawsApi: drawsApis[0]!,
    async stop() {
      for (const c of clients) c.close();
      for (const d of draws) await d.stop();
      reader.close();
      await p.stop();
    },
  };
}
