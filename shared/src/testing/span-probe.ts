import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SpanKind } from '@opentelemetry/api';
import type { SpanCollector } from './span-collector';

/** A finished span as a trace test needs it, plain enough to cross a process boundary as JSON. */
export interface PlainSpan {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
}

const MARK = 'SPANS ';

/** In a probe process: writes the collected spans as one `SPANS <json>` line on stdout. */
export function printSpans(collector: SpanCollector): void {
  const spans: PlainSpan[] = collector.spans().map((s) => ({
    name: s.name,
    kind: s.kind,
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId ?? null,
  }));
  process.stdout.write(`${MARK}${JSON.stringify(spans)}\n`);
}

/**
 * In a test: runs a probe script in a child process (instrumentation must patch modules before they
 * load, which a mocha process has already done) and returns the spans it printed.
 */
export async function runSpanProbe(script: string, cwd: string, timeoutMs = 50_000): Promise<PlainSpan[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=source', '--require', 'tsx/cjs', script],
    { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
  );
  const line = stdout.split('\n').find((l) => l.startsWith(MARK));
  if (!line) throw new Error(`the probe printed no spans:\n${stdout}`);
  return JSON.parse(line.slice(MARK.length)) as PlainSpan[];
}

/** The spans of one trace, and who descends from whom. */
export class SpanTree {
  private readonly byId: Map<string, PlainSpan>;

  constructor(readonly spans: readonly PlainSpan[]) {
    this.byId = new Map(spans.map((s) => [s.spanId, s]));
  }

  /** The spans sharing `root`'s trace id. */
  static of(all: readonly PlainSpan[], root: PlainSpan): SpanTree {
    return new SpanTree(all.filter((s) => s.traceId === root.traceId));
  }

  descendsFrom(span: PlainSpan, ancestor: PlainSpan): boolean {
    for (let p = span.parentSpanId; p; p = this.byId.get(p)?.parentSpanId ?? null) {
      if (p === ancestor.spanId) return true;
    }
    return false;
  }

  names(): string {
    return this.spans.map((s) => s.name).join(', ');
  }
}
