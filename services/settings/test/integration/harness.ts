import * as amqp from 'amqplib';
import type { Knex } from 'knex';
import { loadSigningKey, signAccessToken, type Role } from '@consorcio/shared/auth';
import { ControlledClock } from '@consorcio/shared/clock';
import { createDb, migrateUp } from '@consorcio/shared/db';
import {
  SettingsServiceClient,
  type SettingsServiceServer,
} from '@consorcio/shared/gen/consorcio/settings/v1/settings_service';
import { createClient, promiseClient, type PromiseClient } from '@consorcio/shared/grpc';
import { TEST_AUDIENCE, TEST_ISSUER, testTokens, type TestTokens } from '@consorcio/shared/harness';
import { createLogger } from '@consorcio/shared/log';
import { infraUrls, uniqueSuffix } from '@consorcio/shared/testing';
import { SETTINGS_SERVICE_NAME, startSettingsService, type RunningSettingsService } from '../../src/service';

/** The settings service on a fresh `settings` schema and a private exchange, with clients acting as named users. */
export interface SettingsHarness {
  db: Knex;
  service: RunningSettingsService;
  tokens: TestTokens;
  clock: ControlledClock;
  exchange: string;
  amqpUrl: string;
  /** Messages published under `settings.#` so far, in arrival order. */
  published: amqp.ConsumeMessage[];
  /** A client acting as user `userId` with these roles (default OPERATOR). */
  as(userId: string, roles?: Role[]): PromiseClient<SettingsServiceServer>;
  /** A SERVICE token the settings service accepts (what another service's settings cache presents). */
  serviceToken(): Promise<string>;
  stop(): Promise<void>;
}

export async function startSettingsHarness(): Promise<SettingsHarness> {
  const urls = infraUrls('test');
  const db = createDb({ url: urls.databaseUrl, applicationName: 'settings-test' });
  await db.raw('drop schema if exists settings cascade');
  await migrateUp(db, 'settings');
  const exchange = `consorcio.events.t_${uniqueSuffix()}`;
  const tokens = testTokens();
  const clock = new ControlledClock('2026-11-26T12:00:00Z');
  const service = await startSettingsService({
    databaseUrl: urls.databaseUrl,
    amqpUrl: urls.amqpUrl,
    host: '127.0.0.1',
    port: 0,
    clock,
    log: createLogger({ service: 'settings-test', level: 'silent' }),
    authenticate: tokens.authenticate,
    exchange,
    relayPollMs: 30,
    healthIntervalMs: 200,
  });
  const conn = await amqp.connect(urls.amqpUrl);
  const ch = await conn.createChannel();
  await ch.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  await ch.bindQueue(queue, exchange, 'settings.#');
  const published: amqp.ConsumeMessage[] = [];
  await ch.consume(queue, (m) => m && published.push(m), { noAck: true });

  const key = loadSigningKey(tokens.privateKeyPem);
  // A MEMBER token names its member, and SERVICE goes only with a `service:` subject (the token rules).
  const sign = (user: string, roles: Role[]) =>
    signAccessToken(
      {
        sub: roles.includes('SERVICE') && !user.startsWith('service:') ? `service:${user}` : user,
        roles,
        ...(roles.includes('MEMBER') ? { member_id: `member-of-${user}` } : {}),
      },
      key,
      { ttlSeconds: 600, issuer: TEST_ISSUER, audience: TEST_AUDIENCE },
    );
  const clients: { close(): void }[] = [];
  return {
    db,
    service,
    tokens,
    clock,
    exchange,
    amqpUrl: urls.amqpUrl,
    published,
    as(userId, roles = ['OPERATOR']) {
      const client = createClient(SettingsServiceClient, SETTINGS_SERVICE_NAME, service.grpc.address, {
        bearerToken: () => sign(userId, roles),
      });
      clients.push(client);
      return promiseClient<SettingsServiceServer>(client);
    },
    serviceToken: () => sign('service:groups', ['SERVICE']),
    async stop() {
      for (const c of clients) c.close();
      await service.stop();
      await ch.deleteExchange(exchange).catch(() => undefined);
      await conn.close().catch(() => undefined);
      await db.destroy();
    },
  };
}
