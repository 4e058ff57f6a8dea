import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPairPem } from '@consorcio/shared/auth';
import * as amqp from 'amqplib';
import { createDb, migrateUp } from '@consorcio/shared/db';
import { deleteConsumerQueues } from '@consorcio/shared/harness';
import { LOG_QUEUE } from '../../../services/audit/src/events/log-consumer';
import { CREDIT_SUBSCRIPTIONS } from '../../../services/credit/src/events/subscriptions';
import { DRAWS_SUBSCRIPTIONS } from '../../../services/draws/src/events/subscriptions';
import { GROUPS_SUBSCRIPTIONS } from '../../../services/groups/src/events/subscriptions';
import { PAYMENTS_SUBSCRIPTIONS } from '../../../services/payments/src/events/subscriptions';
import { infraUrls } from '@consorcio/shared/testing';
import { generatePersonalDataEnv } from '@consorcio/shared/crypto';

const ROOT = path.resolve(__dirname, '../../..');
const SCHEMAS = ['groups', 'payments', 'draws', 'credit', 'audit', 'gateway'];
export const RIG_ADMIN = { username: 'admin', password: 'fault-suite-admin-password' };

/** One service process of the rig. */
interface Proc {
  name: string;
  service: string;
  port: number;
  child?: ChildProcess;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The whole platform as separate processes on the fault profile's servers — groups, two replicas of payments and
 * of draws, credit, audit and the gateway balancing over the replicas — so a test can `kill -9` one of them, stop
 * a server under them, and start them again. Services follow the shared clock (the simulation moves it).
 */
export class FaultRig {
  readonly urls = infraUrls('fault');
  private readonly procs: Proc[] = [];
  private env: Record<string, string> = {};
  url = '';

  static async start(): Promise<FaultRig> {
    const rig = new FaultRig();
    await rig.prepare();
    for (const p of rig.procs) rig.spawn(p);
    await rig.ready();
    return rig;
  }

  private async prepare(): Promise<void> {
    const db = createDb({ url: this.urls.databaseUrl, applicationName: 'fault-rig' });
    for (const schema of SCHEMAS) {
      await db.raw('drop schema if exists ?? cascade', [schema]);
      await migrateUp(db, schema);
    }
    await db.destroy();
    await this.freshQueues();
    const keys = generateKeyPairPem();
    const addresses: Record<string, string[]> = {};
    const plan: [string, string][] = [
      ['groups', 'groups'],
      ['payments-1', 'payments'],
      ['payments-2', 'payments'],
      ['draws-1', 'draws'],
      ['draws-2', 'draws'],
      ['credit', 'credit'],
      ['audit', 'audit'],
      ['gateway', 'gateway'],
    ];
    for (const [name, service] of plan) {
      const port = await freePort();
      this.procs.push({ name, service, port });
      if (service !== 'gateway') (addresses[service] ??= []).push(`127.0.0.1:${port}`);
    }
    const target = (list: string[]) => (list.length === 1 ? list[0]! : `ipv4:${list.join(',')}`);
    this.env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: this.urls.databaseUrl,
      REDIS_URL: this.urls.redisUrl,
      AMQP_URL: this.urls.amqpUrl,
      LOG_LEVEL: process.env.RIG_LOG_LEVEL ?? 'error',
      CONSORCIO_CLOCK: 'shared',
      AUTH_PUBLIC_KEYS: keys.publicKeyPem,
      GATEWAY_JWT_PRIVATE_KEY: keys.privateKeyPem,
      SERVICE_PRIVATE_KEY: keys.privateKeyPem,
      AUDIT_SIGNING_KEY: generateKeyPairPem().privateKeyPem,
      ...generatePersonalDataEnv(),
      GATEWAY_ADMIN_USERNAME: RIG_ADMIN.username,
      GATEWAY_ADMIN_PASSWORD: RIG_ADMIN.password,
      GATEWAY_RATE_LIMIT_PER_USER: '1000000',
      GATEWAY_RATE_LIMIT_PER_IP: '1000000',
      PROVIDER_WEBHOOK_SECRET: 'fault-suite-webhook-secret-0123456789',
      PIX_KEY: 'pix@consorcio.example',
      DOCUMENTS_DIR: mkdtempSync(path.join(tmpdir(), 'fault-documents-')),
      ...Object.fromEntries(
        Object.entries(addresses).map(([s, list]) => [`${s.toUpperCase()}_GRPC_ADDR`, target(list)]),
      ),
    };
    const gateway = this.procs.find((p) => p.service === 'gateway')!;
    this.url = `http://127.0.0.1:${gateway.port}`;
  }

  /**
   * The services' queues start empty and are declared by the services themselves: other tests on this broker may
   * have declared the same names with their short retry delays, which RabbitMQ would refuse to redeclare.
   */
  private async freshQueues(): Promise<void> {
    const conn = await amqp.connect(this.urls.amqpUrl);
    const ch = await conn.createChannel();
    const queues = [GROUPS_SUBSCRIPTIONS, PAYMENTS_SUBSCRIPTIONS, DRAWS_SUBSCRIPTIONS, CREDIT_SUBSCRIPTIONS].map(
      (s) => s.queue,
    );
    await deleteConsumerQueues(ch, [...queues, LOG_QUEUE]);
    await conn.close();
  }

  private spawn(p: Proc): void {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--require', 'tsx/cjs', `services/${p.service}/src/main.ts`],
      {
        cwd: ROOT,
        env: {
          ...this.env,
          SERVICE_NAME: p.service,
          ...(p.service === 'gateway' ? { GATEWAY_HTTP_PORT: String(p.port) } : { GRPC_PORT: String(p.port) }),
        },
        stdio: ['ignore', process.env.RIG_LOG_LEVEL ? 'inherit' : 'ignore', 'pipe'],
      },
    );
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${p.name}] ${chunk.toString()}`));
    p.child = child;
  }

  /** Waits until the gateway reports every routed service serving. */
  async ready(timeoutMs = 120_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const ok = await fetch(`${this.url}/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > until) throw new Error('the fault rig did not become ready');
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** kill -9: no goodbye, connections dropped, in-flight work lost. */
  kill9(name: string): void {
    const p = this.procs.find((x) => x.name === name);
    if (!p?.child) throw new Error(`no process ${name}`);
    p.child.kill('SIGKILL');
    p.child = undefined;
  }

  /** Starts a killed process again. */
  restart(name: string): void {
    const p = this.procs.find((x) => x.name === name);
    if (!p) throw new Error(`no process ${name}`);
    if (!p.child) this.spawn(p);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (!p.child || p.child.exitCode !== null) return resolve();
            const timer = setTimeout(() => p.child?.kill('SIGKILL'), 10_000);
            p.child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            p.child.kill('SIGTERM');
          }),
      ),
    );
  }
}
