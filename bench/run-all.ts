// `npm run bench`: every benchmark in sequence, each in its own process (as `npm run bench:<name>` runs it), then one
// summary table — benchmark | platform | baseline | ratio | target | met? — gathered from bench/results/<name>.json,
// and written to bench/results/summary.json. Never part of `npm test`. Needs the test servers:
// `CONSORCIO_INFRA_PROFILE=test bash deploy/local/infra.sh up`.
// Run: `npm run bench [-- --quick] [--only payments,events]`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RESULTS_DIR, summaryTable, type BenchResult, type SummaryRow } from './support/report';

/** The order. */
const BENCHES = ['payments', 'assembly', 'billing', 'events', 'gateway', 'memory'] as const;

const { values } = parseArgs({
  options: { quick: { type: 'boolean', short: 'q', default: false }, only: { type: 'string' } },
});
const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((n) => !(BENCHES as readonly string[]).includes(n)) ?? [];
if (unknown.length > 0) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${BENCHES.join(', ')}`);

const rows: SummaryRow[] = [];
const results: BenchResult[] = [];
const failed: string[] = [];
const started = Date.now();
for (const name of BENCHES.filter((n) => !only || only.includes(n))) {
  const file = path.join(RESULTS_DIR, `${name}.json`);
  rmSync(file, { force: true });
  console.log(`\n══ bench:${name}${values.quick ? ' --quick' : ''}`);
  const r = spawnSync(
    process.execPath,
    [
      '--conditions=source',
      '--require',
      'tsx/cjs',
      path.join(__dirname, `${name}.ts`),
      ...(values.quick ? ['--quick'] : []),
    ],
    { stdio: 'inherit', cwd: path.resolve(__dirname, '..') },
  );
  if (r.status !== 0 || !existsSync(file)) {
    failed.push(name);
    rows.push({
      name: `${name} (FAILED)`,
      platform: { value: NaN, unit: '' },
      baseline: null,
      ratio: null,
      target: '',
      met: null,
    });
    continue;
  }
  const result = JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
  results.push(result);
  rows.push(...result.rows);
}

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(`\n══ summary (${values.quick ? 'quick sizes' : "the issue's sizes"}, ${minutes} min)\n`);
console.log(summaryTable(rows));
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(
  path.join(RESULTS_DIR, 'summary.json'),
  JSON.stringify({ quick: values.quick, finishedAt: new Date().toISOString(), rows, failed, results }, null, 2) + '\n',
);
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
