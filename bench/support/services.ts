// Services in their own processes, started as scripts/supervisor.ts starts them (the real main.ts with the telemetry
// preload), on the bench's servers, with throwaway Ed25519 keys and free ports; and their resident memory, read from
// /proc/<pid>/status. BENCH_CPU_PROF=<dir> adds --cpu-prof to each (a profile per process when it stops);
// BENCH_RUNTIME=dist runs the built services/<svc>/dist/main.js instead (after `npm run build`).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPairPem } from '@consorcio/shared/auth';
import { testTokens, type TestTokens } from '@consorcio/shared/harness';
import type { InfraUrls } from '@consorcio/shared/testing';
import { sleep } from './stats';
import { generatePersonalDataEnv } from '@consorcio/shared/crypto';

export const SERVICES = ['groups', 'payments', 'draws', 'credit', 'audit', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

const ROOT = path.resolve(__dirname, '../..');

export interface ServiceProcess {
  name: ServiceName;
  pid: number;
  port: number;
  address: string;
  /** VmRSS in MiB; null once the process is gone. */
  rssMb(): number | null;
  /** CPU time it has used (user + system), ms. */
  cpuMs(): number | null;
  /** The last lines it wrote (for a failure's message). */
  tail(): string;
  stop(): Promise<void>;
}

/** A free loopback port (the kernel's choice, released again for the service to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export function readRssMb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** User + system CPU time of a process, ms (from /proc/<pid>/stat; clock ticks of 10 ms). */
export function readCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Keys and secrets a platform needs (scripts/start.sh makes the same ones, kept), and tokens signed with them. */
export interface PlatformKeys {
  tokens: TestTokens;
  env: Record<string, string>;
}

export function platformKeys(): PlatformKeys {
  const tokens = testTokens();
  return {
    tokens,
    env: {
      AUTH_PUBLIC_KEYS: tokens.publicKeyPem,
      GATEWAY_JWT_PRIVATE_KEY: tokens.privateKeyPem,
      SERVICE_PRIVATE_KEY: tokens.privateKeyPem,
      PROVIDER_WEBHOOK_SECRET: randomBytes(32).toString('base64url'),
      AUDIT_SIGNING_KEY: generateKeyPairPem().privateKeyPem,
      ...generatePersonalDataEnv(),
      PIX_KEY: 'pix@consorcio.example',
      DOCUMENTS_DIR: mkdtempSync(path.join(tmpdir(), 'consorcio-bench-docs-')),
      CONSORCIO_CLOCK: 'system',
      LOG_LEVEL: 'warn',
      GATEWAY_RATE_LIMIT_PER_USER: '100000',
      GATEWAY_RATE_LIMIT_PER_IP: '200000',
    },
  };
}

/** Every service's address variable (PAYMENTS_GRPC_ADDR=127.0.0.1:port…), as the supervisor sets them. */
export function addressEnv(ports: Partial<Record<ServiceName, number>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(ports)
      .filter(([name]) => name !== 'gateway')
      .map(([name, port]) => [`${name.toUpperCase()}_GRPC_ADDR`, `127.0.0.1:${port}`]),
  );
}

/** Starts one service and resolves once its port accepts connections. */
export async function startService(
  name: ServiceName,
  o: { infra: InfraUrls; keys: PlatformKeys; port: number; env?: Record<string, string> },
): Promise<ServiceProcess> {
  const prof = process.env.BENCH_CPU_PROF;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(prof)}`, `--cpu-prof-name=${name}.cpuprofile`] : []),
      ...(process.env.BENCH_RUNTIME === 'dist'
        ? ['--require', './shared/dist/telemetry/register.js', `services/${name}/dist/main.js`]
        : [
            '--conditions=source',
            '--require',
            'tsx/cjs',
            '--require',
            './shared/src/telemetry/register.ts',
            `services/${name}/src/main.ts`,
          ]),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...o.keys.env,
        DATABASE_URL: o.infra.databaseUrl,
        REDIS_URL: o.infra.redisUrl,
        AMQP_URL: o.infra.amqpUrl,
        SERVICE_NAME: name,
        OTEL_SERVICE_NAME: name,
        ...(name === 'gateway' ? { GATEWAY_HTTP_PORT: String(o.port) } : { GRPC_PORT: String(o.port) }),
        ...o.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const echo = process.env.BENCH_SERVICE_LOGS !== undefined;
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => {
      const fresh = chunk.toString().split('\n').filter(Boolean);
      if (echo) for (const l of fresh) process.stderr.write(`[${name}] ${l}\n`);
      lines.push(...fresh);
      if (lines.length > 40) lines.splice(0, lines.length - 40);
    });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const tail = () => lines.join('\n');
  const deadline = Date.now() + 120_000;
  while (!(await portOpen(o.port))) {
    if (exited) throw new Error(`${name} exited while starting:\n${tail()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen on ${o.port} within 120 s:\n${tail()}`);
    }
    await sleep(100);
  }
  return {
    name,
    pid: child.pid!,
    port: o.port,
    address: `127.0.0.1:${o.port}`,
    rssMb: () => (exited ? null : readRssMb(child.pid!)),
    cpuMs: () => (exited ? null : readCpuMs(child.pid!)),
    tail,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
