import assert from 'node:assert/strict';
import path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { spawnTs } from './fixtures/spawn-ts';

interface SpanJson {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  scope: string;
}

describe('telemetry: span collector (child process: pg, ioredis, amqplib in one trace)', function () {
  this.timeout(30_000);

  let rootTraceId: string;
  let spans: SpanJson[];

  before(async () => {
    // A child process, because instrumentation must patch pg/ioredis/amqplib before their first
    // require, and this mocha process has loaded them long ago.
    const run = spawnTs(path.join(__dirname, 'fixtures/one-trace-child.ts'));
    const printed = await run.line('SPANS ');
    const exit = await run.exited;
    assert.equal(exit.code, 0, exit.stderr);
    ({ rootTraceId, spans } = JSON.parse(printed) as { rootTraceId: string; spans: SpanJson[] });
  });

  const byScope = (scope: string) => spans.filter((s) => s.scope === `@opentelemetry/instrumentation-${scope}`);

  it('records a span for the pg query, the ioredis command and the amqplib publish and consume', () => {
    assert.equal(byScope('pg').length, 1, 'pg.connect outside the root span makes no span (requireParentSpan)');
    assert.equal(byScope('ioredis').length, 1, "ioredis' connection handshake makes no span (requireParentSpan)");
    const amqp = byScope('amqplib');
    assert.deepEqual(amqp.map((s) => s.kind).sort(), [SpanKind.PRODUCER, SpanKind.CONSUMER].sort());
  });

  it('puts every span in the one trace of the root span', () => {
    assert.ok(spans.length >= 6);
    assert.deepEqual([...new Set(spans.map((s) => s.traceId))], [rootTraceId]);
  });

  it("leads the consume span's parent chain to the publish span, and the publish span to the root", () => {
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestors = (span: SpanJson): SpanJson[] => {
      const chain: SpanJson[] = [];
      for (
        let p = span.parentSpanId && byId.get(span.parentSpanId);
        p;
        p = p.parentSpanId && byId.get(p.parentSpanId)
      ) {
        chain.push(p);
      }
      return chain;
    };
    const consume = byScope('amqplib').find((s) => s.kind === SpanKind.CONSUMER)!;
    const publish = byScope('amqplib').find((s) => s.kind === SpanKind.PRODUCER)!;
    const root = spans.find((s) => s.name === 'root')!;
    assert.deepEqual(
      ancestors(consume).map((s) => s.spanId),
      [publish.spanId, root.spanId],
    );
    const handler = spans.find((s) => s.name === 'handle')!;
    assert.equal(handler.parentSpanId, consume.spanId, 'work in the handler is a child of the consume span');
  });
});
