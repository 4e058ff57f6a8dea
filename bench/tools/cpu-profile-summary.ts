// Summarizes V8 CPU profiles (`node --cpu-prof`, or BENCH_CPU_PROF=<dir> for the services a bench starts): the share
// of samples by where the code lives (a package under node_modules, node's internals, or a folder of this repo)
// and the functions with the most self time. Run:
// `node --conditions=source --require tsx/cjs bench/tools/cpu-profile-summary.ts <file.cpuprofile>… [--top 25]`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { table } from '../support/report';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

const ROOT = path.resolve(__dirname, '../..');

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const file = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1]!;
  const rel = path.relative(ROOT, file);
  return rel.startsWith('..')
    ? file
    : rel
        .split('/')
        .slice(0, rel.startsWith('services') ? 3 : 2)
        .join('/');
}

function summarize(file: string, top: number): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (const id of p.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const total = p.samples.length;
  const wallMs = (p.endTime - p.startTime) / 1000;
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, n] of hits) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const a = area(url, functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + n);
    if (a === '(idle)') continue;
    const key = `${functionName || '(anonymous)'}  ${a}${url && !url.startsWith('node:') ? `:${lineNumber + 1}` : ''}`;
    byFn.set(key, (byFn.get(key) ?? 0) + n);
  }
  const idle = byArea.get('(idle)') ?? 0;
  const busy = total - idle;
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;
  console.log(`\n${file}: ${(wallMs / 1000).toFixed(1)} s sampled, ${pct(busy, total)} busy`);
  const sorted = (m: Map<string, number>) => [...m].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]);
  console.log(
    table(
      ['where', 'share of busy'],
      sorted(byArea)
        .slice(0, top)
        .map(([k, n]) => [k, pct(n, busy)]),
    ),
  );
  console.log();
  console.log(
    table(
      ['function (self time)', 'share of busy'],
      sorted(byFn)
        .slice(0, top)
        .map(([k, n]) => [k, pct(n, busy)]),
    ),
  );
}

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' } },
  allowPositionals: true,
});
for (const f of positionals) summarize(f, Number(values.top));
