import assert from 'node:assert/strict';
import path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { runSpanProbe, SpanTree } from '@consorcio/shared/testing';

describe('one trace across the groups service', function () {
  this.timeout(60_000);

  it('holds the gRPC server span, the PostgreSQL spans, the publish span and the consume span', async () => {
    const spans = await runSpanProbe(
      path.join(__dirname, 'fixtures', 'trace-probe.ts'),
      path.resolve(__dirname, '../../../..'),
    );
    const server = spans.find((s) => s.kind === SpanKind.SERVER && s.name.endsWith('GroupsService/CreateGroup'));
    assert.ok(server, `a gRPC server span for CreateGroup among: ${spans.map((s) => s.name).join(', ')}`);
    const trace = SpanTree.of(spans, server);

    const pgUnderServer = trace.spans.filter((s) => s.name.startsWith('pg.') && trace.descendsFrom(s, server));
    assert.ok(pgUnderServer.length > 0, 'PostgreSQL spans under the server span');
    const publish = trace.spans.find((s) => s.kind === SpanKind.PRODUCER && s.name.startsWith('publish '));
    assert.ok(publish, `a publish span in the trace: ${trace.names()}`);
    assert.ok(trace.descendsFrom(publish, server), 'the relay continued the request trace');
    // The probe's own consumer (the shared Consumer, queue trace-probe-*) writes its inbox row and effect.
    const consume = trace.spans.find((s) => s.kind === SpanKind.CONSUMER && s.name.startsWith('trace-probe-'));
    assert.ok(consume, 'a consume span of the consumer in the trace');
    assert.ok(trace.descendsFrom(consume, publish), 'the consume span is a child of the publish span');
    assert.ok(
      trace.spans.some((s) => s.name.startsWith('pg.') && trace.descendsFrom(s, consume)),
      "the consumer's PostgreSQL work is in the same trace, under its consume span",
    );
  });
});
