// Every statement a knex pool sends, grouped by its text (lists of values folded): how many, and the time the
// client waited for each (round trip included). BENCH_TRACE_SQL=1 makes the in-process benchmarks print it.
import type { Knex } from 'knex';
import { table } from './report';

export interface StatementStat {
  sql: string;
  /** The first call's values, for EXPLAIN. */
  bindings: unknown[];
  calls: number;
  ms: number;
}

export interface QueryTrace {
  stats(): StatementStat[];
  stop(): void;
  /** The statements by total time; `per` divides the counts (e.g. per payment). */
  print(per?: number, top?: number): void;
}

const fold = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/\$\d+/g, '?')
    .replace(/\((\?, )*\?\)(, \((\?, )*\?\))*/g, '(…)');

export function traceQueries(db: Knex): QueryTrace {
  const stats = new Map<string, StatementStat>();
  const started = new Map<string, { key: string; t: number }>();
  const onQuery = (q: { __knexQueryUid: string; sql: string; bindings?: unknown[] }) => {
    const key = fold(q.sql);
    if (!stats.has(key)) stats.set(key, { sql: q.sql, bindings: [...(q.bindings ?? [])], calls: 0, ms: 0 });
    started.set(q.__knexQueryUid, { key, t: performance.now() });
  };
  const onResponse = (_r: unknown, q: { __knexQueryUid: string }) => {
    const s = started.get(q.__knexQueryUid);
    if (!s) return;
    const stat = stats.get(s.key)!;
    stat.calls++;
    stat.ms += performance.now() - s.t;
    started.delete(q.__knexQueryUid);
  };
  db.on('query', onQuery);
  db.on('query-response', onResponse);
  const sorted = () => [...stats.values()].filter((s) => s.calls > 0).sort((a, b) => b.ms - a.ms);
  return {
    stats: sorted,
    stop() {
      db.off('query', onQuery);
      db.off('query-response', onResponse);
    },
    print(per = 1, top = 25) {
      const rows = sorted();
      const calls = rows.reduce((a, r) => a + r.calls, 0);
      const ms = rows.reduce((a, r) => a + r.ms, 0);
      console.log(
        `${(calls / per).toFixed(1)} statements${per > 1 ? ' each' : ''}, ${(ms / per).toFixed(2)} ms waited on them` +
          ' (BEGIN/COMMIT not counted)',
      );
      console.log(
        table(
          ['statement', per > 1 ? 'calls each' : 'calls', 'mean ms', 'share'],
          rows
            .slice(0, top)
            .map((r) => [
              fold(r.sql).slice(0, 110),
              (r.calls / per).toFixed(per > 1 ? 2 : 0),
              (r.ms / r.calls).toFixed(3),
              `${((100 * r.ms) / ms).toFixed(1)} %`,
            ]),
        ),
      );
    },
  };
}
