import type { Metadata } from '@grpc/grpc-js';
import * as amqp from 'amqplib';
import type { Role } from '@consorcio/shared/auth';
import type { Knex } from 'knex';
import { ControlledClock } from '@consorcio/shared/clock';
import { createDb, migrateUp } from '@consorcio/shared/db';
import {
  GroupsServiceClient,
  type EnrollQuotaRequest,
  type GroupsServiceServer,
} from '@consorcio/shared/gen/consorcio/groups/v1/groups_service';
import {
  AdjustmentIndex,
  AssetCategory,
  EnrollmentChannel,
  type GroupParameters,
} from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { createClient, promiseClient, type Authenticator, type PromiseClient } from '@consorcio/shared/grpc';
import { createLogger } from '@consorcio/shared/log';
import { infraUrls, TEST_RETRY_DELAYS_MS, uniqueSuffix, type InfraProfile } from '@consorcio/shared/testing';
import { eventually, testTokens } from '@consorcio/shared/harness';
import { personalDataKeysFromConfig, generatePersonalDataEnv, type PersonalDataKeys } from '@consorcio/shared/crypto';
import {
  GROUPS_SERVICE_NAME,
  startGroupsService,
  type GroupsServiceOptions,
  type RunningGroupsService,
} from '../../src/service';

/** A groups service on a fresh `groups` schema, its client, and a queue that records what it publishes. */
export interface Harness {
  db: Knex;
  clock: ControlledClock;
  service: RunningGroupsService;
  client: GroupsServiceClient;
  /** The same client with promise-returning methods. */
  api: PromiseClient<GroupsServiceServer>;
  exchange: string;
  /** Messages published to the exchange under `groups.#` so far, in arrival order. */
  published: amqp.ConsumeMessage[];
  amqpUrl: string;
  databaseUrl: string;
  /** Verifies the harness's tokens (for another service instance on the same schema). */
  authenticate: Authenticator;
  /** The keys the service encrypts members' personal data with. */
  personalData: PersonalDataKeys;
  /** Signs an access token for a user with these roles (and member id, for a member). */
  token(roles: Role[], memberId?: string): Promise<string>;
  /** Call metadata carrying such a token. */
  as(roles: Role[], memberId?: string): Promise<Metadata>;
  stop(): Promise<void>;
}

/** Drops and re-creates the `groups` schema through the migrations, so each test file starts empty. */
export async function freshSchema(db: Knex): Promise<void> {
  await db.raw('drop schema if exists groups cascade');
  await migrateUp(db, 'groups');
}

/** Test keys for personal data: a ring of k1 and k2, k1 active (tests rotate to k2). */
export const TEST_PII_ENV = generatePersonalDataEnv(['k1', 'k2']);

export async function startHarness(
  profile: InfraProfile = 'test',
  personalData: PersonalDataKeys = personalDataKeysFromConfig(TEST_PII_ENV),
  /** Replaces service options (the settings test passes its settings service and exchange). */
  over: Partial<GroupsServiceOptions> = {},
): Promise<Harness> {
  // A test may run on a private database (`over.databaseUrl`), out of reach of other suites dropping `groups`.
  const urls = { ...infraUrls(profile), ...(over.databaseUrl ? { databaseUrl: over.databaseUrl } : {}) };
  const db = createDb({ url: urls.databaseUrl, applicationName: 'groups-test' });
  await freshSchema(db);
  const clock = new ControlledClock('2025-03-10T15:00:00Z');
  const tokens = testTokens();
  const token = (roles: Role[], memberId?: string) => tokens.token(roles, memberId);
  const exchange = over.exchange ?? `consorcio.events.t_${uniqueSuffix()}`;
  const service = await startGroupsService({
    databaseUrl: urls.databaseUrl,
    amqpUrl: urls.amqpUrl,
    host: '127.0.0.1',
    port: 0,
    clock,
    log: createLogger({ service: 'groups', level: 'silent' }),
    exchange,
    relayPollMs: 50,
    retryDelaysMs: TEST_RETRY_DELAYS_MS,
    healthIntervalMs: 200,
    authenticate: tokens.authenticate,
    personalData,
    ...over,
  });
  const conn = await amqp.connect(urls.amqpUrl);
  const ch = await conn.createChannel();
  await ch.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  await ch.bindQueue(queue, exchange, 'groups.#');
  const published: amqp.ConsumeMessage[] = [];
  await ch.consume(queue, (m) => m && published.push(m), { noAck: true });
  // The harness's own client acts as an operator unless a call carries its own token.
  const client = createClient(GroupsServiceClient, GROUPS_SERVICE_NAME, service.grpc.address, {
    bearerToken: () => token(['OPERATOR']),
  });
  return {
    db,
    clock,
    service,
    client,
    api: promiseClient<GroupsServiceServer>(client),
    exchange,
    published,
    amqpUrl: urls.amqpUrl,
    databaseUrl: urls.databaseUrl,
    authenticate: tokens.authenticate,
    personalData,
    token,
    as: (roles, memberId) => tokens.as(roles, memberId),
    async stop() {
      client.close();
      await service.stop();
      await ch.deleteExchange(exchange).catch(() => undefined);
      await conn.close().catch(() => undefined);
      await db.destroy();
    },
  };
}

export { eventually };

/** G-DEMO's parameters (domain §4.3) with room to override. */
export function demoParameters(over: Partial<GroupParameters> = {}): GroupParameters {
  return {
    assetCategory: AssetCategory.ASSET_CATEGORY_VEHICLE,
    creditValueCentavos: 6_000_000n,
    maxQuotas: 300,
    termMonths: 72,
    adminFeeTotalPct: 180_000n,
    reserveFundTotalPct: 24_000n,
    insuranceMonthlyPct: 380n,
    adjustmentIndex: AdjustmentIndex.ADJUSTMENT_INDEX_IPCA,
    ...over,
  };
}

/** A valid CPF for test member `n` (its check digits computed by the mod-11 rule; nobody's real number). */
export function testCpf(n: number): string {
  const base = String(100_000_000 + n * 7919)
    .slice(-9)
    .split('')
    .map(Number);
  const digit = (ds: number[]): number => {
    const sum = ds.reduce((acc, d, i) => acc + d * (ds.length + 1 - i), 0);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = digit(base);
  const d2 = digit([...base, d1]);
  return [...base, d1, d2].join('');
}

/** An EnrollQuotaRequest: at the premises, no insurance, any seat, no idempotency key — unless overridden. */
export function enrollment(
  groupId: string,
  memberId: string,
  over: Partial<EnrollQuotaRequest> = {},
): EnrollQuotaRequest {
  return {
    groupId,
    memberId,
    number: 0,
    insuranceOptIn: false,
    channel: EnrollmentChannel.ENROLLMENT_CHANNEL_PREMISES,
    idempotencyKey: '',
    ...over,
  };
}
