import assert from 'node:assert/strict';
import type http from 'node:http';
import {
  createCounter,
  createHistogram,
  createLockWaitObserver,
  createOutboxMetrics,
  createRequestMetrics,
  listeningPort,
  lockKind,
  metricsRegistry,
  serveMetrics,
} from '@consorcio/shared/telemetry';
import { uniqueSuffix } from '@consorcio/shared/testing';

describe('telemetry: metrics', () => {
  // The registry is per process and shared with other test files: names here carry a unique part.
  const id = `t_${uniqueSuffix()}`;

  it('keeps one registry per process, with the default Node metrics', async () => {
    assert.equal(metricsRegistry(), metricsRegistry());
    assert.match(await metricsRegistry().metrics(), /process_cpu_user_seconds_total|nodejs_eventloop_lag/);
  });

  it('returns the same metric when asked twice for one name, prefixed consorcio_', () => {
    const a = createCounter({ name: `${id}_things_total`, help: 'things', labelNames: ['kind'] });
    const b = createCounter({ name: `${id}_things_total`, help: 'things', labelNames: ['kind'] });
    assert.equal(a, b);
    assert.ok(metricsRegistry().getSingleMetric(`consorcio_${id}_things_total`));
  });

  it('records request rate, errors and latency by method and code', async () => {
    const requests = createRequestMetrics(`${id}_grpc_server`);
    requests.observe('EnrollQuota', 'OK', 0.012);
    requests.start('EnrollQuota')('ABORTED');
    const text = await metricsRegistry().getSingleMetricAsString(`consorcio_${id}_grpc_server_requests_total`);
    assert.match(text, /method="EnrollQuota",code="OK"} 1/);
    assert.match(text, /method="EnrollQuota",code="ABORTED"} 1/);
    const latency = await metricsRegistry().getSingleMetricAsString(
      `consorcio_${id}_grpc_server_request_duration_seconds`,
    );
    assert.match(latency, /_count{method="EnrollQuota",code="OK"} 1/);
  });

  it('labels lock waits by lock kind, never by id', async () => {
    assert.equal(lockKind('lock:group:{42}'), 'group');
    assert.equal(lockKind('lock:assembly_draw:{a-1}'), 'assembly_draw');
    assert.equal(lockKind('whatever'), 'other');
    const observe = createLockWaitObserver();
    observe({ resource: `lock:${id}:{1}`, waitMs: 30, outcome: 'acquired' });
    const text = await metricsRegistry().getSingleMetricAsString('consorcio_lock_wait_seconds');
    assert.match(text, new RegExp(`_count{lock="${id}",outcome="acquired"} 1`));
    assert.doesNotMatch(text, /\{1\}/);
  });

  it('creates the outbox metrics once', () => {
    const a = createOutboxMetrics();
    const b = createOutboxMetrics();
    assert.equal(a.lagSeconds, b.lagSeconds);
    a.lagSeconds.set(3);
  });

  it('creates histograms with custom buckets', async () => {
    const h = createHistogram({ name: `${id}_sizes`, help: 'sizes', buckets: [1, 10] });
    h.observe(5);
    assert.match(await metricsRegistry().getSingleMetricAsString(`consorcio_${id}_sizes`), /le="10"} 1/);
  });

  describe('serveMetrics', () => {
    let server: http.Server;
    before(async () => (server = await serveMetrics(0)));
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('serves the registry text at GET /metrics on loopback', async () => {
      assert.equal((server.address() as { address: string }).address, '127.0.0.1');
      const res = await fetch(`http://127.0.0.1:${listeningPort(server)}/metrics`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
      assert.match(await res.text(), /consorcio_outbox_lag_seconds/);
    });

    it('answers 404 elsewhere', async () => {
      const res = await fetch(`http://127.0.0.1:${listeningPort(server)}/`);
      assert.equal(res.status, 404);
    });
  });
});
