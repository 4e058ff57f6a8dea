// What every benchmark reports: summary rows (platform figure, baseline figure, their ratio, the target and whether
// it is met), its exact parameters and its details, printed as a table and as JSON and written to
// bench/results/<name>.json, which `bench/run-all.ts` gathers into one table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';

export const RESULTS_DIR = path.resolve(__dirname, '../results');

export interface Figure {
  value: number;
  unit: string;
}

export interface SummaryRow {
  /** e.g. `payments c=8`. */
  name: string;
  platform: Figure;
  baseline: Figure | null;
  /** platform ÷ baseline, in the units above (a throughput ratio, or a time ratio). */
  ratio: number | null;
  /** The aim, in words (`≥ 0.6 × pgbench TPS`); not asserted. */
  target: string;
  met: boolean | null;
}

export interface BenchResult {
  name: string;
  quick: boolean;
  startedAt: string;
  seconds: number;
  params: Record<string, unknown>;
  environment: Record<string, unknown>;
  rows: SummaryRow[];
  details: unknown;
}

/** A summary row whose ratio is platform ÷ baseline. */
export function compare(
  name: string,
  platform: Figure,
  baseline: Figure | null,
  target: string,
  meets: (ratio: number) => boolean,
): SummaryRow {
  const ratio = baseline && baseline.value > 0 ? platform.value / baseline.value : null;
  return { name, platform, baseline, ratio, target, met: ratio === null ? null : meets(ratio) };
}

export const fmtNumber = (x: number): string =>
  !Number.isFinite(x)
    ? '—'
    : Math.abs(x) >= 100
      ? Math.round(x).toLocaleString('en-US')
      : Math.abs(x) >= 10
        ? x.toFixed(1)
        : x.toFixed(2);

export const fmtFigure = (f: Figure | null): string => (f ? `${fmtNumber(f.value)} ${f.unit}` : '—');

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function summaryTable(rows: readonly SummaryRow[]): string {
  return table(
    ['benchmark', 'platform', 'baseline', 'ratio', 'target', 'met?'],
    rows.map((r) => [
      r.name,
      fmtFigure(r.platform),
      fmtFigure(r.baseline),
      r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
      r.target,
      r.met === null ? '—' : r.met ? 'yes' : 'NO',
    ]),
  );
}

const json = (value: unknown, indent?: number): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent);

/** Records the start of a run: its time and the machine's load then (the box is shared; a busy one skews figures). */
export function startRun(): { startedAt: string; t0: number; load: number[] } {
  return { startedAt: new Date().toISOString(), t0: performance.now(), load: loadavg() };
}

/** Prints the result (table, then JSON) and writes bench/results/<name>.json. */
export function report(
  run: ReturnType<typeof startRun>,
  r: Omit<BenchResult, 'startedAt' | 'seconds' | 'environment'> & { environment?: Record<string, unknown> },
): BenchResult {
  const result: BenchResult = {
    name: r.name,
    quick: r.quick,
    startedAt: run.startedAt,
    seconds: Math.round((performance.now() - run.t0) / 100) / 10,
    params: r.params,
    environment: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      loadAverageAtStart: run.load.map((x) => Math.round(x * 100) / 100),
      loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
      ...r.environment,
    },
    rows: r.rows,
    details: r.details,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, `${r.name}.json`), json(result, 2) + '\n');
  console.log(`\n${summaryTable(result.rows)}\n`);
  console.log(json(result));
  return result;
}

/** Runs a benchmark's main: exit code 1 with the error when it throws, and an exit in any case (open handles). */
export function runMain(main: () => Promise<unknown>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
