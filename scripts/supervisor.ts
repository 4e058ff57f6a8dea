// A small supervisor for local runs: starts every service under services/*/src/main.ts with the
// telemetry preload, prefixes each line of its output with its name, restarts a service that dies
// (with growing back-off), and on Ctrl-C stops them all cleanly (SIGTERM, then SIGKILL after 10 s).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '..');
/** Fixed local ports, so addresses are predictable: groups 50051, then one per service in this order. */
const PORTS: Record<string, number> = {
  groups: 50051,
  payments: 50052,
  draws: 50053,
  credit: 50054,
  audit: 50055,
  notifications: 50056,
  documents: 50057,
  settings: 50058,
  gateway: 8080,
};
/**
 * Variables one service gets on top of the shared environment: each store of files in its own folder, so the
 * documents service's retention purge can never remove a file credit still holds.
 */
const OWN_ENV: Record<string, Record<string, string>> = {
  documents: { DOCUMENTS_DIR: process.env.MEMBER_DOCUMENTS_DIR ?? '.data/dev/member-documents' },
};
const COLORS = [36, 33, 35, 32, 34, 31, 94, 93, 95];

interface Supervised {
  name: string;
  port: number;
  child?: ChildProcess;
  restarts: number;
}

const services: Supervised[] = readdirSync(path.join(ROOT, 'services'))
  .filter((name) => existsSync(path.join(ROOT, 'services', name, 'src', 'main.ts')))
  .map((name, i) => ({ name, port: PORTS[name] ?? 50060 + i, restarts: 0 }));
let stopping = false;

function prefix(s: Supervised): string {
  const tag = `[${s.name.padEnd(13)}]`;
  if (!process.stdout.isTTY) return `${tag} `;
  const color = COLORS[services.indexOf(s) % COLORS.length] ?? 37;
  return `\x1b[${color}m${tag}\x1b[0m `;
}

/** Every service's address, as the gateway and other callers read it: GROUPS_GRPC_ADDR=127.0.0.1:50051. */
function addressEnv(): Record<string, string> {
  return Object.fromEntries(
    services
      .filter((s) => s.name !== 'gateway')
      .map((s) => [`${s.name.toUpperCase()}_GRPC_ADDR`, `127.0.0.1:${s.port}`]),
  );
}

function start(s: Supervised): void {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--require',
      'tsx/cjs',
      '--require',
      './shared/src/telemetry/register.ts',
      `services/${s.name}/src/main.ts`,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...addressEnv(),
        SERVICE_NAME: s.name,
        OTEL_SERVICE_NAME: s.name,
        ...OWN_ENV[s.name],
        ...(s.name === 'gateway' ? { GATEWAY_HTTP_PORT: String(s.port) } : { GRPC_PORT: String(s.port) }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  s.child = child;
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(prefix(s) + line + '\n'));
  }
  child.on('exit', (code, signal) => {
    s.child = undefined;
    if (stopping) return;
    const delay = Math.min(30_000, 1000 * 2 ** s.restarts++);
    process.stdout.write(`${prefix(s)}exited (${signal ?? code}); restarting in ${delay / 1000} s\n`);
    setTimeout(() => !stopping && start(s), delay);
  });
}

function stopAll(): void {
  if (stopping) return;
  stopping = true;
  process.stdout.write('stopping services…\n');
  const alive = services.filter((s) => s.child);
  for (const s of alive) s.child?.kill('SIGTERM');
  const force = setTimeout(() => alive.forEach((s) => s.child?.kill('SIGKILL')), 10_000);
  const check = setInterval(() => {
    if (services.every((s) => !s.child)) {
      clearInterval(check);
      clearTimeout(force);
      process.exit(0);
    }
  }, 100);
}

process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
for (const s of services) start(s);
process.stdout.write(
  [
    'consórcio platform running (Ctrl-C stops it):',
    ...services.map((s) =>
      s.name === 'gateway'
        ? `  ${s.name.padEnd(13)} http://127.0.0.1:${s.port}  (REST; API reference at /docs, OpenAPI at /openapi.json)`
        : `  ${s.name.padEnd(13)} grpc://127.0.0.1:${s.port}`,
    ),
  ].join('\n') + '\n',
);
