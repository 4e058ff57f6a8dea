import {
  generateKeyPairPem,
  jwtAuthenticator,
  loadSigningKey,
  loadVerificationKeys,
  signAccessToken,
  type Role,
} from '@consorcio/shared/auth';
import { ControlledClock } from '@consorcio/shared/clock';
import { createDb, migrateUp } from '@consorcio/shared/db';
import { createLogger, type LogLevel } from '@consorcio/shared/log';
import { infraUrls, TEST_RETRY_DELAYS_MS, uniqueSuffix } from '@consorcio/shared/testing';
import { testPersonalDataKeys } from '@consorcio/shared/crypto';
import {
  GROUPS_SERVICE_NAME,
  startGroupsService,
  type RunningGroupsService,
} from '../../../services/groups/src/service';
import { startGateway, type RunningGateway } from '../../../services/gateway/src/service';
import {
  PAYMENTS_SERVICE_NAME,
  startPaymentsService,
  type RunningPaymentsService,
} from '../../../services/payments/src/service';
import { LocalBankProvider } from '../../../services/payments/src/provider/local-bank-provider';
import { DRAWS_SERVICE_NAME, startDrawsService, type RunningDrawsService } from '../../../services/draws/src/service';
import { paymentsReader } from '@consorcio/shared/clients';
import { serviceToken } from '@consorcio/shared/auth';
import * as amqp from 'amqplib';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalDiskStore } from '@consorcio/shared/storage';
import { publishEvent } from '@consorcio/shared/harness';
import {
  CREDIT_SERVICE_NAME,
  startCreditService,
  type RunningCreditService,
} from '../../../services/credit/src/service';
import type { AuthSettings } from '../../../services/gateway/src/auth';
import { signingKeyFromPem } from '../../../services/audit/src/app/signing-key';
import { LOG_QUEUE } from '../../../services/audit/src/events/log-consumer';
import { AUDIT_SERVICE_NAME, startAuditService, type RunningAuditService } from '../../../services/audit/src/service';
import { SETTINGS_SERVICE_NAME, type RunningSettingsService } from '../../../services/settings/src/service';
import { NOTIFICATIONS_SERVICE_NAME } from '../../../services/notifications/src/service';
import { DOCUMENTS_SERVICE_NAME } from '../../../services/documents/src/service';
import { startSettings, startSupportingServices, type SupportingServices } from './supporting-services';
import { PAYMENTS_REPORTS_SERVICE_NAME } from '../../../services/payments/src/reports/reports-module';
import { DRAWS_REPORTS_SERVICE_NAME } from '../../../services/draws/src/reports/reports-module';

const ISSUER = 'consorcio-gateway';
const SCHEMAS = ['settings', 'groups', 'payments', 'draws', 'credit', 'audit', 'notifications', 'documents', 'gateway'];
const AUDIENCE = 'consorcio';
export const ADMIN = { username: 'admin', password: 'admin-password-123' };

/** The payment provider's webhook secret in the e2e platform (the bank side signs notices with it). */
export const E2E_WEBHOOK_SECRET = 'e2e-webhook-secret-0123456789';

/** The running platform as a REST client sees it: the gateway in front of every service. */
export interface Platform {
  url: string;
  clock: ControlledClock;
  groups: RunningGroupsService;
  payments: RunningPaymentsService;
  draws: RunningDrawsService;
  credit: RunningCreditService;
  audit: RunningAuditService;
  settings: RunningSettingsService;
  notifications: SupportingServices['notifications'];
  documents: SupportingServices['documents'];
  /** The SMTP server notifications sends its e-mails to (a real one, in this process). */
  smtp: SupportingServices['smtp'];
  /** Every replica of payments and of draws (the first is `payments` / `draws`). */
  replicas: { payments: RunningPaymentsService[]; draws: RunningDrawsService[] };
  /** Calls each replica served, by name (`payments-1`, `draws-2`, …): the gateway's balancing, seen from behind. */
  served: Map<string, number>;
  /** Publishes an event as a service's relay would (for a service's part the test plays itself). */
  emit(eventType: string, payloadType: string, body: Uint8Array, aggregateId: string): void;
  /** The bank behind the payments service (tests sign its webhooks with it). */
  provider: LocalBankProvider;
  gateway: RunningGateway;
  /** fetch against the gateway, JSON in and out. */
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of any shape
    headers: Headers;
  }>;
  login(username: string, password: string): Promise<{ accessToken: string; refreshToken: string }>;
  /** Creates a user through the admin API and returns a fresh access token for them. */
  userToken(roles: string[], memberId?: string): Promise<string>;
  /** Signs a token with the gateway's own key but chosen lifetime and clock (expired-token tests). */
  signWithGatewayKey(roles: Role[], opts: { ttlSeconds: number; clock?: ControlledClock }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the whole platform in this process — settings, groups, payments, draws, credit, audit, notifications,
 * documents and the gateway — on fresh schemas of the test servers, over one private exchange.
 */
export async function startPlatform(opts: { perIpLimit?: number; replicas?: number } = {}): Promise<Platform> {
  const urls = infraUrls('test');
  const db = createDb({ url: urls.databaseUrl, applicationName: 'e2e-setup' });
  for (const schema of SCHEMAS) {
    await db.raw('drop schema if exists ?? cascade', [schema]);
    await migrateUp(db, schema);
  }
  await db.destroy();
  const keys = generateKeyPairPem();
  const clock = new ControlledClock('2025-03-10T15:00:00Z');
  // E2E_LOG_LEVEL=error (or warn, info…) shows the services' logs when a run needs explaining.
  const log = createLogger({ service: 'e2e', level: (process.env.E2E_LOG_LEVEL as LogLevel | undefined) ?? 'silent' });
  const common = {
    databaseUrl: urls.databaseUrl,
    amqpUrl: urls.amqpUrl,
    host: '127.0.0.1',
    port: 0,
    clock,
    log,
    exchange: `consorcio.events.t_${uniqueSuffix()}`,
    relayPollMs: 50,
    retryDelaysMs: TEST_RETRY_DELAYS_MS,
    authenticate: jwtAuthenticator({
      publicKeys: loadVerificationKeys([keys.publicKeyPem]),
      issuer: ISSUER,
      audience: AUDIENCE,
    }),
  };
  // Settings first: every other service loads its settings from it at start and follows its changes.
  const signingKey = loadSigningKey(keys.privateKeyPem);
  const tokenOf = (service: string) => serviceToken(service, signingKey, { issuer: ISSUER, audience: AUDIENCE });
  const { settings, settingsFor } = await startSettings(common, tokenOf);
  const groups = await startGroupsService({
    ...common,
    personalData: testPersonalDataKeys(),
    settings: settingsFor('groups'),
  });
  const provider = new LocalBankProvider({
    name: 'local-bank',
    webhookSecret: E2E_WEBHOOK_SECRET,
    bankCode: '001',
    pixKey: 'pix@consorcio.example',
    merchantName: 'CONSORCIO E2E',
    merchantCity: 'SAO PAULO',
  });
  // Replicas share the database, the broker and Redis; each counts the calls it serves.
  const served = new Map<string, number>();
  const counting = (name: string) => ({
    authenticate: (...args: Parameters<typeof common.authenticate>) => {
      served.set(name, (served.get(name) ?? 0) + 1);
      return common.authenticate(...args);
    },
  });
  const replicaCount = opts.replicas ?? 1;
  const paymentsReplicas: RunningPaymentsService[] = [];
  for (let i = 1; i <= replicaCount; i++) {
    const replica = await startPaymentsService({
      ...common,
      ...counting(`payments-${i}`),
      redisUrl: urls.redisUrl,
      provider,
      settings: settingsFor('payments'),
    });
    await replica.consuming;
    paymentsReplicas.push(replica);
  }
  const payments = paymentsReplicas[0]!;
  const drawsToken = tokenOf('draws');
  const reader = paymentsReader(payments.grpc.address, () => drawsToken.token());
  const drawsReplicas: RunningDrawsService[] = [];
  for (let i = 1; i <= replicaCount; i++) {
    const replica = await startDrawsService({
      ...common,
      ...counting(`draws-${i}`),
      redisUrl: urls.redisUrl,
      payments: reader,
      mailboxExchange: `${common.exchange}.assembly`,
      settings: settingsFor('draws'),
    });
    await replica.consuming;
    drawsReplicas.push(replica);
  }
  const draws = drawsReplicas[0]!;
  const credit = await startCreditService({
    ...common,
    payments: reader,
    documents: new LocalDiskStore(mkdtempSync(path.join(tmpdir(), 'e2e-documents-'))),
    personalData: testPersonalDataKeys(),
  });
  await credit.consuming;
  const conn = await amqp.connect(urls.amqpUrl);
  const channel = await conn.createChannel();
  // The log's queue outlives a run: start from an empty one, bound to this run's exchange only.
  for (const q of [LOG_QUEUE, `${LOG_QUEUE}.parked`]) await channel.deleteQueue(q);
  const audit = await startAuditService({
    ...common,
    signing: signingKeyFromPem(generateKeyPairPem().privateKeyPem, 'e2e'),
    checkpointIntervalMs: 500,
  });
  await audit.consuming;
  const { notifications, documents, smtp, ...supporting } = await startSupportingServices(common, {
    channel,
    groupsAddress: groups.grpc.address,
    serviceToken: tokenOf,
    settingsFor,
  });
  let emitted = 0;
  const auth: AuthSettings = {
    signingKey,
    verificationKeys: loadVerificationKeys([keys.publicKeyPem]),
    issuer: ISSUER,
    audience: AUDIENCE,
    accessTokenTtlSeconds: 900,
    refreshTokenTtlSeconds: 3600,
    passwordParams: { memoryCost: 1024, timeCost: 1, parallelism: 1 }, // cheap: tests only
    admin: ADMIN,
    limits: { loginPerUsername: 1000, loginPerIp: 1000, otherPerIp: 1000, windowMs: 60_000 },
    trustProxy: false,
  };
  // Rate-limit keys live in Redis across runs: a fresh prefix per run keeps counts from leaking.
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    databaseUrl: urls.databaseUrl,
    redisUrl: `${urls.redisUrl}/${1 + Math.floor(Math.random() * 14)}`,
    addresses: {
      [GROUPS_SERVICE_NAME]: groups.grpc.address,
      // Several replicas: one address naming them all, balanced round robin by the gateway.
      [PAYMENTS_SERVICE_NAME]: balanced(paymentsReplicas.map((r) => r.grpc.address)),
      [DRAWS_SERVICE_NAME]: balanced(drawsReplicas.map((r) => r.grpc.address)),
      [CREDIT_SERVICE_NAME]: credit.grpc.address,
      [AUDIT_SERVICE_NAME]: audit.grpc.address,
      // The reports are modules of payments and draws: their services are served by the same processes.
      [PAYMENTS_REPORTS_SERVICE_NAME]: balanced(paymentsReplicas.map((r) => r.grpc.address)),
      [DRAWS_REPORTS_SERVICE_NAME]: balanced(drawsReplicas.map((r) => r.grpc.address)),
      [SETTINGS_SERVICE_NAME]: settings.grpc.address,
      [NOTIFICATIONS_SERVICE_NAME]: notifications.grpc.address,
      [DOCUMENTS_SERVICE_NAME]: documents.grpc.address,
    },
    auth,
    corsOrigins: ['https://app.example'],
    maxBodyBytes: 4096,
    timeouts: { defaultMs: 5000, maxMs: 10_000 },
    apiLimits: { perUser: 10_000, perIp: opts.perIpLimit ?? 10_000 },
    log,
  });

  const call: Platform['call'] = async (method, path, o = {}) => {
    const res = await fetch(gateway.url + path, {
      method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...o.headers,
      },
      ...(o.body !== undefined ? { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
  };
  const login = async (username: string, password: string) => {
    const r = await call('POST', '/v1/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { accessToken: string; refreshToken: string };
  };
  let users = 0;
  const userToken = async (roles: string[], memberId?: string) => {
    const admin = await login(ADMIN.username, ADMIN.password);
    const username = `user${++users}.${uniqueSuffix()}`;
    const password = 'a-long-test-password';
    const created = await call('POST', '/v1/auth/users', {
      token: admin.accessToken,
      body: { username, password, roles, ...(memberId ? { memberId } : {}) },
    });
    if (created.status !== 201) throw new Error(`create user: ${created.status} ${JSON.stringify(created.body)}`);
    return (await login(username, password)).accessToken;
  };
  return {
    url: gateway.url,
    clock,
    groups,
    payments,
    draws,
    credit,
    audit,
    settings,
    notifications,
    documents,
    smtp,
    replicas: { payments: paymentsReplicas, draws: drawsReplicas },
    served,
    emit: (eventType, payloadType, body, aggregateId) =>
      publishEvent(channel, common.exchange, {
        eventType,
        payloadType,
        body,
        aggregateId,
        version: ++emitted,
        occurredAt: clock.now(),
      }),
    provider,
    gateway,
    call,
    login,
    userToken,
    signWithGatewayKey: (roles, o) =>
      signAccessToken({ sub: `user-${uniqueSuffix()}`, roles }, signingKey, {
        ttlSeconds: o.ttlSeconds,
        issuer: ISSUER,
        audience: AUDIENCE,
        ...(o.clock ? { clock: o.clock } : {}),
      }),
    async stop() {
      await gateway.stop();
      await supporting.stop();
      await audit.stop();
      await conn.close().catch(() => undefined);
      await credit.stop();
      for (const d of drawsReplicas) await d.stop();
      reader.close();
      for (const r of paymentsReplicas) await r.stop();
      await groups.stop();
      await settings.stop();
    },
  };
}

/** A gRPC target for one replica (`127.0.0.1:p`) or several (`ipv4:127.0.0.1:p1,127.0.0.1:p2`). */
function balanced(addresses: string[]): string {
  return addresses.length === 1 ? addresses[0]! : `ipv4:${addresses.join(',')}`;
}

/** G-DEMO's parameters as ProtoJSON (int64 as strings, enums by name). */
export const DEMO_PARAMETERS = {
  assetCategory: 'ASSET_CATEGORY_VEHICLE',
  creditValueCentavos: '6000000',
  maxQuotas: 300,
  termMonths: 72,
  adminFeeTotalPct: '180000',
  reserveFundTotalPct: '24000',
  insuranceMonthlyPct: '380',
  adjustmentIndex: 'ADJUSTMENT_INDEX_IPCA',
};
