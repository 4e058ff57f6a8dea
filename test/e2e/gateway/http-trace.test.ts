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

describe('one trace from the HTTP request to the service', function () {
  this.timeout(60_000);

  it('puts the gateway HTTP span, the gRPC spans and the service’s PostgreSQL spans in one trace', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--require', 'tsx/cjs', path.join(__dirname, 'fixtures', 'http-trace-probe.ts')],
      { cwd: path.resolve(__dirname, '../../..'), timeout: 50_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('SPANS '));
    assert.ok(line, `the probe printed its spans:\n${stdout}`);
    const spans = JSON.parse(line.slice(6)) as ProbeSpan[];
    const http = spans.find((s) => s.kind === SpanKind.SERVER && /^POST\b/.test(s.name));
    assert.ok(http, `an HTTP server span among: ${spans.map((s) => `${s.kind}:${s.name}`).join(', ')}`);
    const trace = spans.filter((s) => s.traceId === http.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const descendsFrom = (s: ProbeSpan, ancestor: ProbeSpan): boolean => {
      for (let p = s.parentSpanId; p; p = byId.get(p)?.parentSpanId ?? null) if (p === ancestor.spanId) return true;
      return false;
    };
    const grpcServer = trace.find((s) => s.kind === SpanKind.SERVER && s.name.endsWith('GroupsService/CreateGroup'));
    assert.ok(grpcServer, 'the groups gRPC server span is in the same trace');
    assert.ok(descendsFrom(grpcServer, http), 'under the HTTP request span');
    assert.ok(
      trace.some((s) => s.name.startsWith('pg.') && descendsFrom(s, grpcServer)),
      'with its PostgreSQL spans',
    );
  });
});
