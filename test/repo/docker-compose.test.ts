import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: unknown;
  restart?: string;
  ports?: string[];
  volumes?: string[];
  env_file?: unknown;
  environment?: Record<string, string>;
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
  deploy?: { resources?: { limits?: { memory?: string } } };
}

const INFRA = [
  'postgres',
  'redis',
  'rabbitmq',
  'otel-collector',
  'jaeger',
  'prometheus',
  'grafana',
  'minio',
  'mailpit',
];
/** Containers that run once and exit: the migrations and the object store's bucket. */
const ONE_SHOTS = ['migrate', 'minio-init'];
const SERVICES = readdirSync(path.join(ROOT, 'services')).filter((s) =>
  existsSync(path.join(ROOT, 'services', s, 'src', 'main.ts')),
);

describe('docker-compose.yml', () => {
  const text = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
  const compose = parse(text, { merge: true }) as { name?: string; services: Record<string, ComposeService> };
  const services = compose.services;
  const apps = SERVICES.map((s) => [s, services[s]!] as const);

  it('is accepted by docker-compose when the client is installed (no engine needed)', function () {
    if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status !== 0) this.skip();
    execFileSync('docker-compose', ['config', '-q'], { cwd: ROOT, stdio: 'pipe' });
  });

  it('runs the whole platform: infrastructure, telemetry, migrations, every service and the gateway', () => {
    assert.deepEqual(Object.keys(services).sort(), [...INFRA, ...ONE_SHOTS, ...SERVICES].sort());
    assert.equal(compose.name, undefined, 'no top-level name: (docker-compose 1.x rejects it)');
  });

  it('gives every long-running container a healthcheck, every container a memory limit and ports on loopback only', () => {
    for (const [name, s] of Object.entries(services)) {
      if (!ONE_SHOTS.includes(name)) assert.ok(s.healthcheck?.test, `${name} has a healthcheck`);
      assert.ok(s.deploy?.resources?.limits?.memory, `${name} has a memory limit`);
      for (const p of s.ports ?? []) assert.match(p, /^127\.0\.0\.1:/, `${name} publishes ${p} on loopback only`);
    }
  });

  it('migrates once before the services start, and starts each only when what it needs is healthy', () => {
    const migrate = services.migrate!;
    assert.deepEqual(migrate.command, ['migrate']);
    assert.equal(migrate.restart, 'no');
    assert.equal(migrate.healthcheck?.disable, true, 'a one-shot container has no health');
    for (const [name, s] of Object.entries(services)) {
      const deps = s.depends_on ?? {};
      assert.ok(!Array.isArray(deps), `${name}: depends_on states conditions`);
      for (const [dep, { condition }] of Object.entries(deps)) {
        const expected = ONE_SHOTS.includes(dep) ? 'service_completed_successfully' : 'service_healthy';
        assert.equal(condition, expected, `${name} waits for ${dep}: ${expected}`);
      }
    }
    for (const [name, s] of apps) {
      const deps = s.depends_on as Record<string, unknown>;
      for (const dep of ['migrate', 'postgres', 'redis']) assert.ok(deps[dep], `${name} depends on ${dep}`);
      if (name !== 'gateway') assert.ok(deps.rabbitmq, `${name} depends on rabbitmq`);
    }
    for (const s of SERVICES.filter((s) => s !== 'gateway')) {
      assert.ok((services.gateway!.depends_on as Record<string, unknown>)[s], `the gateway waits for ${s}`);
    }
  });

  it('configures the services through the environment only, on the real clock', () => {
    for (const [name, s] of apps) {
      assert.equal(s.env_file, undefined, `${name} has no env_file`);
      for (const v of s.volumes ?? []) assert.doesNotMatch(v, /^\.\//, `${name} mounts no configuration file (${v})`);
      const env = s.environment!;
      assert.equal(env.SERVICE, name);
      assert.ok(env.DATABASE_URL && env.REDIS_URL, `${name} has its connections`);
      if (name !== 'gateway') {
        assert.equal(env.CONSORCIO_CLOCK, 'system');
        assert.ok(env.AMQP_URL && 'AUTH_PUBLIC_KEYS' in env, `${name} has the broker and the token keys`);
      }
      assert.ok(env.METRICS_PORT, `${name} serves metrics`);
      assert.match(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '', /^http:\/\/otel-collector:4318$/);
    }
    const gateway = services.gateway!.environment!;
    for (const s of SERVICES.filter((s) => s !== 'gateway')) {
      assert.match(gateway[`${s.toUpperCase()}_GRPC_ADDR`] ?? '', new RegExp(`^dns:///${s}:\\d+$`));
    }
  });

  it('has Prometheus scrape every service and Grafana provisioned with the platform dashboard', () => {
    const prometheus = parse(readFileSync(path.join(ROOT, 'deploy/prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((j) => j.static_configs.flatMap((c) => c.targets));
    for (const s of SERVICES) assert.ok(targets.includes(`${s}:9464`), `Prometheus scrapes ${s}`);
    const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'deploy/grafana/dashboards/consorcio.json'), 'utf8')) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    for (const metric of [
      'consorcio_grpc_server_requests_total',
      'consorcio_grpc_server_request_duration_seconds_bucket',
      'consorcio_http_gateway_requests_total',
      'rabbitmq_queue_messages_ready',
      'consorcio_outbox_lag_seconds',
      'consorcio_lock_wait_seconds_bucket',
      'consorcio_payments_recorded_total',
    ]) {
      assert.ok(
        exprs.some((e) => e.includes(metric)),
        `the dashboard charts ${metric}`,
      );
    }
    for (const mount of services.grafana!.volumes ?? []) {
      assert.ok(existsSync(path.join(ROOT, mount.split(':')[0]!)), `${mount} exists`);
    }
  });

  it('publishes PostgreSQL, Redis and RabbitMQ on the ports deploy/local/infra.sh uses', () => {
    const script = readFileSync(path.join(ROOT, 'deploy/local/infra.sh'), 'utf8');
    const dev = /dev\)\s+def_pg=(\d+) def_redis=(\d+) def_amqp=(\d+)/.exec(script);
    assert.ok(dev, 'infra.sh has a dev profile');
    const hostPort = (svc: string) => services[svc]!.ports![0]!.split(':')[1];
    assert.equal(hostPort('postgres'), dev[1]);
    assert.equal(hostPort('redis'), dev[2]);
    assert.equal(hostPort('rabbitmq'), dev[3]);
  });

  it('lets deploy/local/infra.sh start only the infrastructure, by name', () => {
    const script = readFileSync(path.join(ROOT, 'deploy/local/infra.sh'), 'utf8');
    const names = /COMPOSE_INFRA=\(([^)]*)\)/.exec(script)?.[1]?.split(/\s+/).filter(Boolean);
    assert.ok(names, 'infra.sh names the compose services it starts');
    for (const n of names) {
      assert.ok(services[n], `${n} is in docker-compose.yml`);
      assert.ok(INFRA.includes(n), `${n} is infrastructure, not a service`);
      for (const dep of Object.keys(services[n].depends_on ?? {})) assert.ok(names.includes(dep), `${n}'s ${dep} too`);
    }
  });
});
