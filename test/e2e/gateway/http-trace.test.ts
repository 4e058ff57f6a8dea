import assert from 'node:assert/strict';
import path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { runSpanProbe, SpanTree } from '@consorcio/shared/testing';

describe('one trace from the HTTP request to the service', function () {
  this.timeout(60_000);

  it('puts the gateway HTTP span, the gRPC spans and the service’s PostgreSQL spans in one trace', async () => {
    const spans = await runSpanProbe(
      path.join(__dirname, 'fixtures', 'http-trace-probe.ts'),
      path.resolve(__dirname, '../../..'),
    );
    const http = spans.find((s) => s.kind === SpanKind.SERVER && /^POST\b/.test(s.name));
    assert.ok(http, `an HTTP server span among: ${spans.map((s) => `${s.kind}:${s.name}`).join(', ')}`);
    const trace = SpanTree.of(spans, http);
    const grpcServer = trace.spans.find(
      (s) => s.kind === SpanKind.SERVER && s.name.endsWith('GroupsService/CreateGroup'),
    );
    assert.ok(grpcServer, 'the groups gRPC server span is in the same trace');
    assert.ok(trace.descendsFrom(grpcServer, http), 'under the HTTP request span');
    assert.ok(
      trace.spans.some((s) => s.name.startsWith('pg.') && trace.descendsFrom(s, grpcServer)),
      'with its PostgreSQL spans',
    );
  });
});
