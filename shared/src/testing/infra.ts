import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Where integration tests find their servers. `scripts/test.sh` starts two sets with
 * `deploy/local/infra.sh`: the `test` profile for ordinary tests and the `fault` profile for tests
 * that stop and restart servers, so a fault never leaks into another test.
 */
export interface InfraUrls {
  databaseUrl: string;
  redisUrl: string;
  amqpUrl: string;
}

export type InfraProfile = 'test' | 'fault';

const PORTS: Record<InfraProfile, { pg: number; redis: number; amqp: number }> = {
  test: { pg: 25432, redis: 26379, amqp: 25682 },
  fault: { pg: 35432, redis: 36379, amqp: 45672 },
};

/** Connection URLs of a profile; TEST_* / FAULT_* variables override them. */
export function infraUrls(profile: InfraProfile = 'test'): InfraUrls {
  const p = PORTS[profile];
  const prefix = profile === 'test' ? 'TEST_' : 'FAULT_';
  return {
    databaseUrl: process.env[`${prefix}DATABASE_URL`] ?? `postgres://postgres@127.0.0.1:${p.pg}/consorcio`,
    redisUrl: process.env[`${prefix}REDIS_URL`] ?? `redis://127.0.0.1:${p.redis}`,
    amqpUrl: process.env[`${prefix}AMQP_URL`] ?? `amqp://guest:guest@127.0.0.1:${p.amqp}`,
  };
}

const INFRA_SCRIPT = path.resolve(__dirname, '../../../deploy/local/infra.sh');

/** Stops or starts one server of the fault profile (blocking until it is down or answering). */
export function faultServer(action: 'stop' | 'start', server: 'postgres' | 'redis' | 'rabbitmq'): void {
  execFileSync('bash', [INFRA_SCRIPT, action, server], {
    env: { ...process.env, CONSORCIO_INFRA_PROFILE: 'fault' },
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 120_000,
  });
}

/** A short random suffix for names a test owns (schemas, queues, exchanges). */
export function uniqueSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}

/**
 * Retry delays every service under test uses. The broker is shared by the test files and a queue's delay queues
 * keep the TTL they were first declared with, so two harnesses declaring `groups.quota-status.retry.1` with
 * different delays would make the second one's consumer fail its setup forever.
 */
export const TEST_RETRY_DELAYS_MS: readonly number[] = [100, 200, 400];
