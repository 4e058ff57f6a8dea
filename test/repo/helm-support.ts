// The chart test's fixtures: where helm and the chart are, what each service must receive, and render helpers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type KubeObject } from './kubernetes-schemas';

export const ROOT = path.resolve(__dirname, '../..');
export const CHART = path.join(ROOT, 'helm/consorcio');
export const HELM = path.join(ROOT, 'tools/bin/helm');

/** The variables each service cannot start without (services/<svc>/src/config.ts, shared base and auth configs). */
export const REQUIRED_ENV: Record<string, string[]> = {
  groups: [
    'DATABASE_URL',
    'REDIS_URL',
    'AMQP_URL',
    'AUTH_PUBLIC_KEYS',
    'PII_KEYS',
    'PII_ACTIVE_KEY_ID',
    'PII_INDEX_KEY',
  ],
  payments: ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL', 'AUTH_PUBLIC_KEYS', 'PROVIDER_WEBHOOK_SECRET', 'PIX_KEY'],
  draws: ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL', 'AUTH_PUBLIC_KEYS', 'SERVICE_PRIVATE_KEY', 'PAYMENTS_GRPC_ADDR'],
  credit: [
    'DATABASE_URL',
    'REDIS_URL',
    'AMQP_URL',
    'AUTH_PUBLIC_KEYS',
    'SERVICE_PRIVATE_KEY',
    'PAYMENTS_GRPC_ADDR',
    'DOCUMENTS_DIR',
    'PII_KEYS',
    'PII_ACTIVE_KEY_ID',
    'PII_INDEX_KEY',
  ],
  audit: ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL', 'AUTH_PUBLIC_KEYS', 'AUDIT_SIGNING_KEY'],
  notifications: [
    'DATABASE_URL',
    'REDIS_URL',
    'AMQP_URL',
    'AUTH_PUBLIC_KEYS',
    'SERVICE_PRIVATE_KEY',
    'GROUPS_GRPC_ADDR',
  ],
  documents: ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL', 'AUTH_PUBLIC_KEYS'],
  settings: ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL', 'AUTH_PUBLIC_KEYS'],
  gateway: ['DATABASE_URL', 'REDIS_URL', 'GATEWAY_JWT_PRIVATE_KEY'],
};
/** Services the architecture lets each service call (docs/architecture.md). */
export const CALLS: Record<string, string[]> = {
  gateway: ['groups', 'payments', 'draws', 'credit', 'audit', 'notifications', 'documents', 'settings'],
  groups: ['settings'],
  payments: ['settings'],
  draws: ['payments', 'settings'],
  credit: ['payments', 'settings'],
  audit: ['settings'],
  notifications: ['groups', 'settings'],
  documents: ['settings'],
};
/** Optional secrets keys.sh cannot make: an older public key, and the operator's own mail, SMS and push accounts. */
export const OPERATOR_SECRETS = [
  'GATEWAY_JWT_PUBLIC_KEYS',
  'SMTP_URL',
  'NOTIFICATIONS_SMS_TOKEN',
  'NOTIFICATIONS_PUSH_TOKEN',
];
export const SECRETS = {
  DATABASE_URL: 'postgres://consorcio:pw@db.example:5432/consorcio',
  REDIS_URL: 'redis://redis.example:6379',
  AMQP_URL: 'amqp://consorcio:pw@mq.example:5672',
  AUTH_PUBLIC_KEYS: 'k',
  GATEWAY_JWT_PRIVATE_KEY: 'k',
  SERVICE_PRIVATE_KEY: 'k',
  AUDIT_SIGNING_KEY: 'k',
  PROVIDER_WEBHOOK_SECRET: 's',
  PIX_KEY: 'pix@consorcio.example',
  PII_KEYS: 'k1:a2V5',
  PII_ACTIVE_KEY_ID: 'k1',
  PII_INDEX_KEY: 'a2V5',
};

export interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
}
export interface Probe {
  grpc?: { port: number };
  httpGet?: { path: string; port: string | number };
}
export interface PodSpec {
  containers: Container[];
  securityContext?: Record<string, unknown>;
  volumes?: { name: string; emptyDir?: unknown }[];
  affinity?: { podAntiAffinity?: unknown };
  automountServiceAccountToken?: boolean;
}

export function helm(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(HELM, args, { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function render(args: string[]): KubeObject[] {
  const r = helm(['template', 'consorcio', CHART, '--namespace', 'consorcio', ...args]);
  assert.equal(r.status, 0, `helm template ${args.join(' ')} failed:\n${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}

export const ofKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
export const named = (objects: KubeObject[], kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind} ${name} is rendered`);
  return o;
};
export const podSpec = (o: KubeObject) => (o.spec as { template: { spec: PodSpec } }).template.spec;
export const hook = (o: KubeObject) => o.metadata.annotations?.['helm.sh/hook'];
export const weight = (o: KubeObject) => Number(o.metadata.annotations?.['helm.sh/hook-weight'] ?? 0);
