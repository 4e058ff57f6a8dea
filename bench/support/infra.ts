// Where the benchmarks run: the test profile's servers (`CONSORCIO_INFRA_PROFILE=test bash deploy/local/infra.sh
// up`), but in a database and a RabbitMQ virtual host of their own (`consorcio_bench`, `consorcio-bench`), so a
// benchmark that drops and migrates schemas, or declares the services' fixed queue names, never meets a test
// running at the same time. BENCH_DATABASE_URL / BENCH_AMQP_URL override both. The harnesses read the servers from
// infraUrls('test'), which the TEST_* variables set here redirect.
import { execFileSync } from 'node:child_process';
import * as amqp from 'amqplib';
import type { Knex } from 'knex';
import { Client } from 'pg';
import { createDb, migrateUp } from '@consorcio/shared/db';
import { infraUrls, type InfraUrls } from '@consorcio/shared/testing';
import { readCpuMs } from './services';

export const BENCH_DATABASE = 'consorcio_bench';
/** The virtual host of in-process harnesses (test retry delays), and the one of service processes (their own). */
export const BENCH_VHOST = 'consorcio-bench';
export const BENCH_PROCESSES_VHOST = 'consorcio-bench-processes';
const TEST_DIST_PORT = 35712; // deploy/local/infra.sh, test profile

const ready = new Map<string, Promise<InfraUrls>>();

/**
 * The bench's server URLs; creates the database and the virtual host when missing. `processes`: for services run
 * as processes with their production settings (retry queues' TTLs differ from the harnesses', and a queue keeps the
 * TTL it was first declared with), on a virtual host made afresh, so no queue of an earlier run fills up.
 */
export function benchInfra(o: { processes?: boolean } = {}): Promise<InfraUrls> {
  const key = o.processes ? 'processes' : 'harness';
  let p = ready.get(key);
  if (!p) ready.set(key, (p = setUp(o.processes ?? false)));
  return p;
}

let database: Promise<string> | undefined;

/** The bench database's URL (created when missing). */
export function benchDatabase(): Promise<string> {
  database ??= (async () => {
    const url = process.env.BENCH_DATABASE_URL ?? withPath(infraUrls('test').databaseUrl, BENCH_DATABASE);
    await ensureDatabase(url);
    return url;
  })();
  return database;
}

async function setUp(processes: boolean): Promise<InfraUrls> {
  const test = infraUrls('test');
  const databaseUrl = await benchDatabase();
  const amqpUrl =
    process.env.BENCH_AMQP_URL ??
    (await ensureVhost(test.amqpUrl, processes ? BENCH_PROCESSES_VHOST : BENCH_VHOST, processes));
  process.env.TEST_DATABASE_URL = databaseUrl;
  process.env.TEST_AMQP_URL = amqpUrl;
  process.env.TEST_REDIS_URL = test.redisUrl;
  return { databaseUrl, amqpUrl, redisUrl: test.redisUrl };
}

function withPath(url: string, pathname: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(pathname)}`;
  return u.toString();
}

async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new Client({ connectionString: withPath(url, 'postgres') });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL at ${url} does not answer (${String(err)}); start the test servers with ` +
        '`CONSORCIO_INFRA_PROFILE=test bash deploy/local/infra.sh up`',
      { cause: err },
    );
  }
  try {
    const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (rows.length === 0) await admin.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

async function canConnect(url: string): Promise<boolean> {
  try {
    const conn = await amqp.connect(url);
    await conn.close();
    return true;
  } catch {
    return false;
  }
}

/** The test broker's URL on virtual host `vhost` (made, or remade, with rabbitmqctl); the default host if that fails. */
async function ensureVhost(testUrl: string, vhost: string, remake: boolean): Promise<string> {
  const url = withPath(testUrl, vhost);
  const exists = await canConnect(url);
  if (exists && !remake) return url;
  if (!exists && !(await canConnect(testUrl)))
    throw new Error(
      `RabbitMQ at ${testUrl} does not answer; start the test servers with ` +
        '`CONSORCIO_INFRA_PROFILE=test bash deploy/local/infra.sh up`',
    );
  const port = new URL(testUrl).port;
  const env = {
    ...process.env,
    RABBITMQ_CTL_DIST_PORT_MIN: String(TEST_DIST_PORT + 1),
    RABBITMQ_CTL_DIST_PORT_MAX: String(TEST_DIST_PORT + 10),
  };
  const ctl = (...args: string[]) =>
    execFileSync('rabbitmqctl', ['-n', `consorcio-test-${port}@localhost`, ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000,
    });
  try {
    if (exists) ctl('delete_vhost', vhost);
    ctl('add_vhost', vhost);
    ctl('set_permissions', '-p', vhost, new URL(testUrl).username || 'guest', '.*', '.*', '.*');
    if (await canConnect(url)) return url;
  } catch (err) {
    if (exists) return url;
    console.warn(`could not create the RabbitMQ virtual host ${vhost}: ${String(err)}`);
  }
  console.warn(`benchmarks use the test broker's default virtual host: do not run the tests meanwhile`);
  return testUrl;
}

/** A pool on the bench database with `schemas` dropped and migrated afresh. */
export async function freshSchemas(schemas: readonly string[], applicationName = 'bench'): Promise<Knex> {
  const db = createDb({ url: await benchDatabase(), applicationName, poolMax: 16 });
  for (const schema of schemas) {
    await db.raw('drop schema if exists ?? cascade', [schema]);
    await migrateUp(db, schema);
  }
  return db;
}

/** The server's version and durability settings, recorded with every result (fsync is off on the test servers). */
export async function pgSettings(db: Knex): Promise<Record<string, string>> {
  const { rows } = await db.raw<{ rows: { name: string; setting: string }[] }>(
    `select name, setting from pg_settings
      where name in ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers')`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}

/**
 * CPU used so far (ms) by each server backend of connections named `applicationName` (their pids in /proc), to
 * the bench database or to `database`.
 */
export async function backendCpu(db: Knex, applicationName: string, database?: string): Promise<Map<number, number>> {
  const { rows } = await db.raw<{ rows: { pid: number }[] }>(
    'select pid from pg_stat_activity where application_name = ? and datname = coalesce(?, current_database())',
    [applicationName, database ?? null],
  );
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = readCpuMs(pid);
    if (ms !== null) out.set(pid, ms);
  }
  return out;
}

/** CPU ms used between two backendCpu readings (a backend that appeared in between counts whole). */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms;
}
