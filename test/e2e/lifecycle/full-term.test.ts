import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { SpanKind } from '@opentelemetry/api';
import { SpanTree, type PlainSpan } from '@consorcio/shared/testing';
import type { SimulationReport } from '../../../cli/src/simulation/simulate';

interface ProbeOutput {
  spans: PlainSpan[];
  report: SimulationReport;
  served: Record<string, number>;
}

/** Runs the probe in its own process (instrumentation first) and reads its spans and report. */
async function runProbe(): Promise<ProbeOutput> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=source', '--require', 'tsx/cjs', path.join(__dirname, 'fixtures', 'full-term-probe.ts')],
    { cwd: path.resolve(__dirname, '../../..'), timeout: 600_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const line = (mark: string) => {
    const found = stdout.split('\n').find((l) => l.startsWith(mark));
    if (!found) throw new Error(`the probe printed no ${mark.trim()}:\n${stdout.slice(-2000)}`);
    return JSON.parse(found.slice(mark.length)) as unknown;
  };
  const { report, served } = line('REPORT ') as Omit<ProbeOutput, 'spans'>;
  return { spans: line('SPANS ') as PlainSpan[], report, served };
}

/**
 * A group's whole (short) term through REST only, with two replicas of payments and of draws behind the gateway:
 * every invariant holds, both replicas of each served calls, and one request's trace runs from the gateway through
 * the service and across RabbitMQ to its consumers and the audit log.
 */
describe('the whole life of a group through REST, with replicas', function () {
  this.timeout(600_000);
  let out: ProbeOutput;

  before(async () => {
    out = await runProbe();
  });

  it('holds every invariant at the end of the term', () => {
    assert.equal(out.report.periods.length, 5);
    assert.equal(out.report.closing.status, 'GROUP_STATUS_CLOSED');
    for (const i of out.report.invariants) assert.ok(i.ok, `${i.name}: ${i.detail}`);
    assert.equal(out.report.invariants.length, 8);
    const contemplated = out.report.periods.reduce((n, p) => n + p.drawn + p.byBid, 0);
    assert.ok(contemplated >= 5, `at least one contemplation per assembly (got ${contemplated})`);
  });

  it('spreads the calls over both replicas of payments and of draws', () => {
    for (const name of ['payments-1', 'payments-2', 'draws-1', 'draws-2']) {
      assert.ok((out.served[name] ?? 0) > 10, `${name} served ${out.served[name] ?? 0} calls`);
    }
  });

  it('links one trace from the gateway to the service, across RabbitMQ, to the consumers and the audit log', () => {
    const grpc = out.spans.find((s) => s.kind === SpanKind.SERVER && s.name.endsWith('GroupsService/CreateGroup'));
    assert.ok(grpc, `the groups gRPC server span among: ${out.spans.map((s) => `${s.kind}:${s.name}`).join(', ')}`);
    const all = SpanTree.of(out.spans, grpc);
    const http = all.spans.find((s) => s.kind === SpanKind.SERVER && /^POST\b/.test(s.name));
    assert.ok(http && all.descendsFrom(grpc, http), 'the groups gRPC server span under the gateway’s HTTP span');
    const trace = all;
    const publish = trace.spans.find((s) => s.kind === SpanKind.PRODUCER);
    assert.ok(publish && trace.descendsFrom(publish, grpc), 'the outbox relay publishes in the request’s trace');
    const consumers = trace.spans.filter((s) => s.kind === SpanKind.CONSUMER && trace.descendsFrom(s, publish));
    const names = consumers.map((s) => s.name).join(', ');
    for (const queue of ['audit.log', 'payments', 'draws', 'credit']) {
      assert.ok(
        consumers.some((s) => s.name.includes(queue)),
        `a consume span of ${queue} under the publish span (consumers: ${names})`,
      );
    }
  });
});
