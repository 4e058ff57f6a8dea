import assert from 'node:assert/strict';
import path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { spawnChild } from './fixtures/spawn-child';

interface SpanJson {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  scope: string;
  statement?: string;
}
interface Result {
  request: { traceId: string; spanId: string };
  stored: string[];
  handled: Array<{ eventId: string; traceId?: string; spanId?: string }>;
  spans: SpanJson[];
}

// Child processes: instrumentation must patch amqplib and pg before their first require, and the
// global tracer/propagator must not leak into this mocha process.
async function run(mode: 'instrumented' | 'plain'): Promise<Result> {
  const child = spawnChild(path.join(__dirname, 'fixtures/trace-child.ts'), { TRACE_MODE: mode });
  const printed = await child.line('RESULT ');
  const exit = await child.exited;
  assert.equal(exit.code, 0, exit.stderr);
  return JSON.parse(printed) as Result;
}

describe('bus: trace context through outbox, relay and consumer (child processes, integration)', function () {
  this.timeout(60_000);

  describe('with the amqplib and pg instrumentations', () => {
    let r: Result;
    before(async () => {
      r = await run('instrumented');
    });
    const amqp = (kind: SpanKind) =>
      r.spans.filter((s) => s.scope.endsWith('instrumentation-amqplib') && s.kind === kind);

    it('makes exactly one publish span per event, a child of the request that wrote it', () => {
      const publishes = amqp(SpanKind.PRODUCER);
      assert.equal(publishes.length, 2, JSON.stringify(r.spans.map((s) => s.name)));
      for (const p of publishes) {
        assert.equal(p.traceId, r.request.traceId);
        assert.equal(p.parentSpanId, r.request.spanId);
      }
    });

    it('makes each consume span a child of its publish span', () => {
      const publishIds = new Set(amqp(SpanKind.PRODUCER).map((s) => s.spanId));
      const consumes = amqp(SpanKind.CONSUMER);
      assert.equal(consumes.length, 2);
      for (const c of consumes) assert.ok(publishIds.has(c.parentSpanId ?? ''), 'consume parent is a publish span');
    });

    it('runs the handler inside the consume span, so its pg queries nest under it', () => {
      const consumeIds = new Set(amqp(SpanKind.CONSUMER).map((s) => s.spanId));
      for (const h of r.handled)
        assert.ok(consumeIds.has(h.spanId ?? ''), 'active span in the handler is the consume span');
      const handlerQueries = r.spans.filter((s) => String(s.statement ?? '').includes('handler_query'));
      assert.equal(handlerQueries.length, 2);
      for (const q of handlerQueries) assert.ok(consumeIds.has(q.parentSpanId ?? ''));
    });
  });

  describe('without instrumentation', () => {
    let r: Result;
    before(async () => {
      r = await run('plain');
    });

    it('stores the request traceparent with each outbox row', () => {
      assert.equal(r.stored.length, 2);
      for (const tp of r.stored) assert.match(tp, new RegExp(`^00-${r.request.traceId}-${r.request.spanId}-0[01]$`));
    });

    it('restores the trace context from the message headers for the handler', () => {
      assert.equal(r.handled.length, 2);
      for (const h of r.handled) assert.equal(h.traceId, r.request.traceId);
      assert.deepEqual(
        r.spans.map((s) => s.name),
        ['request'],
        'no instrumentation: the bus adds no spans of its own',
      );
    });
  });
});
