import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { paymentsReader } from '@consorcio/shared/clients';
import { testPersonalDataKeys, type PersonalDataKeys } from '@consorcio/shared/crypto';
import { createDb, migrateUp } from '@consorcio/shared/db';
import {
  CreditServiceClient,
  type CreditServiceServer,
} from '@consorcio/shared/gen/consorcio/credit/v1/credit_service';
import { createClient, promiseClient, type PromiseClient } from '@consorcio/shared/grpc';
import { createLogger } from '@consorcio/shared/log';
import { LocalDiskStore } from '@consorcio/shared/storage';
import { infraUrls, TEST_RETRY_DELAYS_MS } from '@consorcio/shared/testing';
import { startPaymentsHarness, type PaymentsHarness } from '../../../payments/test/integration/harness';
import { CREDIT_SERVICE_NAME, startCreditService, type RunningCreditService } from '../../src/service';

/** groups, payments and credit on one private exchange and fresh schemas. */
export interface CreditHarness extends PaymentsHarness {
  credit: RunningCreditService;
  /** A credit client acting as an operator. */
  creditApi: PromiseClient<CreditServiceServer>;
}

/** What a suite may change in the credit service it gets. */
export interface CreditHarnessOptions {
  /** The keys of personal data at rest (fresh test keys, k1 only, by default). */
  personalData?: PersonalDataKeys;
  /** Pause of the background re-encryption job, ms (the service's default when absent). */
  reencryptIntervalMs?: number;
}

export async function startCreditHarness(o: CreditHarnessOptions = {}): Promise<CreditHarness> {
  const p = await startPaymentsHarness();
  const urls = infraUrls('test');
  const db = createDb({ url: urls.databaseUrl, applicationName: 'credit-test-setup' });
  await db.raw('drop schema if exists credit cascade');
  await migrateUp(db, 'credit');
  await db.destroy();
  const reader = paymentsReader(p.replicas[0]!.grpc.address, () => p.tokens.token(['SERVICE']));
  const credit = await startCreditService({
    databaseUrl: urls.databaseUrl,
    amqpUrl: urls.amqpUrl,
    host: '127.0.0.1',
    port: 0,
    clock: p.clock,
    log: createLogger({ service: 'credit-test', level: 'silent' }),
    authenticate: p.tokens.authenticate,
    payments: reader,
    documents: new LocalDiskStore(mkdtempSync(path.join(tmpdir(), 'credit-documents-'))),
    personalData: o.personalData ?? testPersonalDataKeys(),
    ...(o.reencryptIntervalMs ? { reencryptIntervalMs: o.reencryptIntervalMs } : {}),
    exchange: p.exchange,
    relayPollMs: 30,
    retryDelaysMs: TEST_RETRY_DELAYS_MS,
    healthIntervalMs: 200,
  });
  await credit.consuming;
  const client = createClient(CreditServiceClient, CREDIT_SERVICE_NAME, credit.grpc.address, {
    bearerToken: () => p.tokens.token(['OPERATOR']),
  });
  return {
    ...p,
    credit,
    creditApi: promiseClient<CreditServiceServer>(client),
    async stop() {
      client.close();
      await credit.stop();
      reader.close();
      await p.stop();
    },
  };
}
