// Command-line options of a benchmark: every option has the size as its default and a small one that
// `--quick` (`-q`) selects instead; an option given explicitly wins over both.
import { parseArgs } from 'node:util';

export interface OptionSpec {
  /** The default: the size. */
  full: string;
  /** What --quick uses: a run of seconds, to prove the bench works. */
  quick: string;
  help: string;
}

export interface BenchArgs<K extends string> {
  quick: boolean;
  /** Every option's effective value, as given: the parameters recorded with the results. */
  params: Record<K, string>;
  str(key: K): string;
  num(key: K): number;
  /** A comma-separated list of numbers. */
  nums(key: K): number[];
}

export function benchArgs<K extends string>(
  name: string,
  about: string,
  spec: Record<K, OptionSpec>,
  o: {
    /** Bare arguments fill this option, comma-joined (`-- 5000 50000`). */ positional?: NoInfer<K>;
    argv?: string[];
  } = {},
): BenchArgs<K> {
  const keys = Object.keys(spec) as K[];
  const { values, positionals } = parseArgs({
    args: o.argv ?? process.argv.slice(2),
    options: {
      quick: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      ...Object.fromEntries(keys.map((k) => [k, { type: 'string' as const }])),
    },
    strict: true,
    allowPositionals: o.positional !== undefined,
  });
  const v = values as Record<string, string | boolean | undefined>;
  if (o.positional && positionals.length > 0) v[o.positional] = positionals.join(',');
  if (v.help) {
    console.log(`npm run bench:${name} -- [--quick] [options]\n${about}\n`);
    for (const k of keys)
      console.log(`  --${k.padEnd(18)} ${spec[k].help} (default ${spec[k].full}; --quick ${spec[k].quick})`);
    process.exit(0);
  }
  const quick = v.quick === true;
  const params = Object.fromEntries(
    keys.map((k) => [k, typeof v[k] === 'string' ? v[k] : quick ? spec[k].quick : spec[k].full]),
  ) as Record<K, string>;
  const num = (k: K): number => {
    const n = Number(params[k].replaceAll('_', ''));
    if (!Number.isFinite(n)) throw new Error(`--${k} must be a number, got ${params[k]}`);
    return n;
  };
  return {
    quick,
    params,
    str: (k) => params[k],
    num,
    nums: (k) =>
      params[k].split(',').map((s) => {
        const n = Number(s.trim().replaceAll('_', ''));
        if (!Number.isFinite(n) || n <= 0) throw new Error(`--${k} must be positive numbers separated by commas`);
        return n;
      }),
  };
}
