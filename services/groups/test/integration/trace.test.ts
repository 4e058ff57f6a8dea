import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { SpanKind } from '@opentelemetry/api';

interface ProbeSpan {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
}

describe('one trace across the groups service', function () {
  this.timeout(60_000);

  it('holds the gRPC server span, the PostgreSQL spans, the publish span and the consume span', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--require', 'tsx/cjs', path.join(__dirname, 'fixtures', 'trace-probe.ts')],
      { cwd: path.resolve(__dirname, '../../../..'), timeout: 50_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('SPANS '));
    assert.ok(line, `the probe printed its spans:\n${stdout}`);
    const { spans } = JSON.parse(line.slice(6)) as { spans: ProbeSpan[] };

    const server = spans.find((s) => s.kind === SpanKind.SERVER && s.name.endsWith('GroupsService/CreateGroup'));
    assert.ok(server, `a gRPC server span for CreateGroup among: ${spans.map((s) => s.name).join(', ')}`);
    const trace = spans.filter((s) => s.traceId === server.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const descendsFrom = (s: ProbeSpan, ancestor: ProbeSpan): boolean => {
      for (let p = s.parentSpanId; p; p = byId.get(p)?.parentSpanId ?? null) if (p === ancestor.spanId) return true;
      return false;
    };

    const pgUnderServer = trace.filter((s) => s.name.startsWith('pg.') && descendsFrom(s, server));
    assert.ok(pgUnderServer.length > 0, 'PostgreSQL spans under the server span');
    const publish = trace.find((s) => s.kind === SpanKind.PRODUCER && s.name.startsWith('publish '));
    assert.ok(publish, `a publish span in the trace: ${trace.map((s) => s.name).join(', ')}`);
    assert.ok(descendsFrom(publish, server), 'the relay continued the request trace');
    // The probe's own consumer (the shared Consumer, queue trace-probe-*) writes its inbox row and effect.
    const consume = trace.find((s) => s.kind === SpanKind.CONSUMER && s.name.startsWith('trace-probe-'));
    assert.ok(consume, 'a consume span of the consumer in the trace');
    assert.ok(descendsFrom(consume, publish), 'the consume span is a child of the publish span');
    assert.ok(
      trace.some((s) => s.name.startsWith('pg.') && descendsFrom(s, consume)),
      "the consumer's PostgreSQL work is in the same trace, under its consume span",
    );
  });
});
