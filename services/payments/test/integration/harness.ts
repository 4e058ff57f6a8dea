import * as amqp from 'amqplib';
import type { Knex } from 'knex';
import { ControlledClock } from '@consorcio/shared/clock';
import { createDb, migrateUp } from '@consorcio/shared/db';
import {
  GroupsServiceClient,
  type GroupsServiceServer,
} from '@consorcio/shared/gen/consorcio/groups/v1/groups_service';
import {
  PaymentsServiceClient,
  type PaymentsServiceServer,
} from '@consorcio/shared/gen/consorcio/payments/v1/payments_service';
import { createClient, promiseClient, type PromiseClient } from '@consorcio/shared/grpc';
import { newId } from '@consorcio/shared/ids';
import { createLogger } from '@consorcio/shared/log';
import { infraUrls, TEST_RETRY_DELAYS_MS, uniqueSuffix } from '@consorcio/shared/testing';
import { testPersonalDataKeys } from '@consorcio/shared/crypto';
import { eventually, publishEvent, testTokens, type TestTokens } from '@consorcio/shared/harness';
import { GROUPS_SERVICE_NAME, startGroupsService, type RunningGroupsService } from '../../../groups/src/service';
import { demoParameters, enrollment, testCpf } from '../../../groups/test/integration/harness';
import { LocalBankProvider } from '../../src/provider/local-bank-provider';
import { PAYMENTS_SERVICE_NAME, startPaymentsService, type RunningPaymentsService } from '../../src/service';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const PROVIDER = 'local-bank';

export function testProvider(secret = WEBHOOK_SECRET): LocalBankProvider {
  return new LocalBankProvider({
    name: PROVIDER,
    webhookSecret: secret,
    bankCode: '001',
    pixKey: 'pix@consorcio.example',
    merchantName: 'CONSORCIO TESTE',
    merchantCity: 'SAO PAULO',
  });
}

/**
 * The payments service as it runs for real: fed by the real groups service over a private exchange, on fresh
 * `groups` and `payments` schemas, with `replicas` payments processes sharing the database, Redis and the broker.
 */
export interface PaymentsHarness {
  db: Knex;
  clock: ControlledClock;
  tokens: TestTokens;
  groups: RunningGroupsService;
  replicas: RunningPaymentsService[];
  /** Clients acting as an operator: groups, and payments on each replica. */
  groupsApi: PromiseClient<GroupsServiceServer>;
  api: PromiseClient<PaymentsServiceServer>;
  apis: PromiseClient<PaymentsServiceServer>[];
  provider: LocalBankProvider;
  /** The private exchange every service of the harness publishes to (other harnesses add services to it). */
  exchange: string;
  /** payments.* events published so far (routing key, body). */
  published: { key: string; body: Buffer }[];
  /** Publishes an event as another service's relay would (draws, credit): headers, type and protobuf body. */
  /** Publishes an event of another service (its aggregate version counts up, unless given: out-of-order tests). */
  emit(eventType: string, payloadType: string, body: Uint8Array, aggregateId: string, version?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startPaymentsHarness(
  opts: { replicas?: number; redisUrl?: string } = {},
): Promise<PaymentsHarness> {
  const urls = infraUrls('test');
  const db = createDb({ url: urls.databaseUrl, applicationName: 'payments-test' });
  for (const schema of ['groups', 'payments']) {
    await db.raw('drop schema if exists ?? cascade', [schema]);
    await migrateUp(db, schema);
  }
  const clock = new ControlledClock('2025-01-10T15:00:00Z');
  const tokens = testTokens();
  const log = createLogger({ service: 'payments-test', level: 'silent' });
  const exchange = `consorcio.events.t_${uniqueSuffix()}`;
  const common = {
    databaseUrl: urls.databaseUrl,
    amqpUrl: urls.amqpUrl,
    host: '127.0.0.1',
    port: 0,
    clock,
    log,
    exchange,
    relayPollMs: 30,
    retryDelaysMs: TEST_RETRY_DELAYS_MS,
    healthIntervalMs: 200,
    reminderPollMs: 100,
    authenticate: tokens.authenticate,
  };
  const groups = await startGroupsService({ ...common, personalData: testPersonalDataKeys() });
  const provider = testProvider();
  const replicas: RunningPaymentsService[] = [];
  for (let i = 0; i < (opts.replicas ?? 1); i++) {
    const replica = await startPaymentsService({ ...common, redisUrl: opts.redisUrl ?? urls.redisUrl, provider });
    await replica.consuming;
    replicas.push(replica);
  }
  const conn = await amqp.connect(urls.amqpUrl);
  const ch = await conn.createChannel();
  await ch.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  await ch.bindQueue(queue, exchange, 'payments.#');
  const published: { key: string; body: Buffer }[] = [];
  let emitted = 0;
  await ch.consume(queue, (m) => m && published.push({ key: m.fields.routingKey, body: m.content }), { noAck: true });
  const operator = { bearerToken: () => tokens.token(['OPERATOR']) };
  const groupsClient = createClient(GroupsServiceClient, GROUPS_SERVICE_NAME, groups.grpc.address, operator);
  const clients = replicas.map((r) =>
    createClient(PaymentsServiceClient, PAYMENTS_SERVICE_NAME, r.grpc.address, operator),
  );
  const apis = clients.map((c) => promiseClient<PaymentsServiceServer>(c));
  return {
    db,
    clock,
    tokens,
    groups,
    replicas,
    groupsApi: promiseClient<GroupsServiceServer>(groupsClient),
    api: apis[0] as PromiseClient<PaymentsServiceServer>,
    apis,
    provider,
    exchange,
    published,
    emit(eventType, payloadType, body, aggregateId, version) {
      publishEvent(ch, exchange, {
        eventType,
        payloadType,
        body,
        aggregateId,
        version: version ?? ++emitted,
        occurredAt: clock.now(),
      });
      return Promise.resolve();
    },
    async stop() {
      groupsClient.close();
      for (const c of clients) c.close();
      for (const r of replicas) await r.stop();
      await groups.stop();
      await ch.deleteExchange(exchange).catch(() => undefined);
      await conn.close().catch(() => undefined);
      await db.destroy();
    },
  };
}

/** A published, ACTIVE-ready group: created and published by groups, projected by payments. */
export async function publishedGroup(
  h: PaymentsHarness,
  over: Parameters<typeof demoParameters>[0] = {},
): Promise<string> {
  const { group } = await h.groupsApi.createGroup({
    code: `G-${uniqueSuffix().slice(0, 8)}`,
    parameters: demoParameters({ maxQuotas: 20, termMonths: 12, dueDay: 5, ...over }),
  });
  const groupId = group!.groupId;
  await h.groupsApi.publishGroup({ groupId });
  await eventually(async () => (await h.db('payments.groups').where({ id: groupId, status: 'FORMING' })).length === 1);
  return groupId;
}

let memberSeq = 0;

/** Enrolls `n` new members in the group and waits until payments has billed each one's installment 1. */
export async function enrollMembers(h: PaymentsHarness, groupId: string, n: number): Promise<string[]> {
  const quotaIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const seq = ++memberSeq + Math.floor(Math.random() * 1_000_000);
    const { member } = await h.groupsApi.createMember({
      kind: 1,
      document: testCpf(seq),
      name: `Member ${seq}`,
      email: '',
      phone: '',
      spouseMemberId: '',
    });
    const { quota } = await h.groupsApi.enrollQuota(enrollment(groupId, member!.memberId));
    quotaIds.push(quota!.quotaId);
  }
  await eventually(
    async () => (await h.db('payments.installments').whereIn('quota_id', quotaIds)).length === quotaIds.length,
  );
  return quotaIds;
}

/** What the oldest open installment of a record costs on `paidOn`, as its statement says (installment 1: billed). */
export async function amountDueOn(h: PaymentsHarness, quotaId: string, paidOn: string): Promise<bigint> {
  const { statement } = await h.api.getStatement({ quotaId, asOf: paidOn });
  const overdue = statement!.overdue[0];
  if (overdue) return overdue.amountDueCentavos;
  const open = await h
    .db('payments.installments')
    .where({ quota_id: quotaId, status: 'OPEN' })
    .orderBy('period')
    .first();
  const quota = await h.db('payments.quotas').where({ id: quotaId }).first();
  return BigInt(open.billed_total) + (open.number === 1 ? BigInt(quota.upfront_fee) : 0n);
}

export { eventually };

/** A small group whose first installments fund one draw: C = R$ 6.000,00, 6 months, 6 members pay 100 000 of FC each. */
export const SMALL_GROUP = { creditValueCentavos: 600_000n, termMonths: 6, maxQuotas: 10 };

/**
 * An ACTIVE group as payments sees it: published (SMALL_GROUP by default), `members` (6) enrolled and their
 * installment 1 paid on 10/01/2025 (records ACTIVE through groups' events), constituted by groups with the funds
 * payments reports.
 */
export async function activeGroup(
  h: PaymentsHarness,
  opts: { parameters?: Parameters<typeof demoParameters>[0]; members?: number } = {},
): Promise<{ groupId: string; quotas: string[] }> {
  const groupId = await publishedGroup(h, opts.parameters ?? SMALL_GROUP);
  const members = opts.members ?? 6;
  const quotas = await enrollMembers(h, groupId, members);
  for (const quotaId of quotas) {
    await h.api.recordPayment({
      quotaId,
      idempotencyKey: `first-${quotaId}`,
      amountCentavos: await amountDueOn(h, quotaId, '2025-01-10'),
      paidOn: '2025-01-10',
    });
  }
  await eventually(
    async () => (await h.db('payments.quotas').whereIn('id', quotas).where({ status: 'ACTIVE' })).length === members,
  );
  const { balances } = await h.api.getFundBalances({ groupId });
  await h.groupsApi.constituteGroup({
    groupId,
    assemblyId: newId(),
    commonFundCentavos: balances!.commonFundCentavos,
    reserveFundCentavos: balances!.reserveFundCentavos,
  });
  await eventually(async () => (await h.db('payments.groups').where({ id: groupId, status: 'ACTIVE' })).length === 1);
  return { groupId, quotas };
}
