import { z } from 'zod';

/**
 * Field helpers for environment variables. Each one reads a string (or nothing), treats a blank
 * value like a missing one, and reports a rule phrased to follow the variable name
 * ("GRPC_PORT must be an integer 1..65535"), which ConfigError joins into one message.
 */

/** A zod schema for one variable: string or undefined in, T out. */
export type ConfigField<T> = z.ZodType<T, string | undefined>;

interface DefaultOpt<T> {
  /** Used when the variable is missing or blank; without it the variable is required. */
  default?: T;
}

const rawEnv = z.string({ error: 'must be a string' }).optional();

function isBlank(raw: string | undefined): raw is undefined {
  return raw === undefined || raw.trim() === '';
}

/** Builds a field from a parser that returns undefined for a bad value, reported as `rule`. */
export function field<T>(
  rule: string,
  parse: (raw: string) => T | undefined,
  opts: DefaultOpt<T> = {},
): ConfigField<T> {
  return rawEnv.transform((raw, ctx): T => {
    if (isBlank(raw)) {
      if (opts.default !== undefined) return opts.default;
      ctx.addIssue({ code: 'custom', message: 'is required' });
      return z.NEVER;
    }
    const value = parse(raw);
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: rule });
      return z.NEVER;
    }
    return value;
  });
}

/** Makes a field optional: missing or blank gives undefined; a present value must still pass. */
export function optional<T>(inner: ConfigField<T>): ConfigField<T | undefined> {
  return rawEnv.transform((raw, ctx): T | undefined => {
    if (isBlank(raw)) return undefined;
    const r = inner.safeParse(raw);
    if (r.success) return r.data;
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
    return z.NEVER;
  });
}

/** Any non-blank string, kept as written. */
export function str(opts: DefaultOpt<string> = {}): ConfigField<string> {
  return field('must be a string', (raw) => raw, opts);
}

/** A string that may be missing (then undefined). */
export function optionalStr(): ConfigField<string | undefined> {
  return optional(str());
}

/** An integer in [min, max] (defaults: the safe integer range). */
export function int(opts: DefaultOpt<number> & { min?: number; max?: number } = {}): ConfigField<number> {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const rule =
    opts.min === undefined && opts.max === undefined ? 'must be an integer' : `must be an integer ${min}..${max}`;
  return field(
    rule,
    (raw) => {
      const t = raw.trim();
      if (!/^[+-]?\d+$/.test(t)) return undefined;
      const n = Number(t);
      return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
    },
    opts,
  );
}

/** A TCP port, 1..65535. */
export function port(opts: DefaultOpt<number> = {}): ConfigField<number> {
  return int({ ...opts, min: 1, max: 65535 });
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** true/false, 1/0, yes/no or on/off, any case. */
export function bool(opts: DefaultOpt<boolean> = {}): ConfigField<boolean> {
  return field(
    'must be a boolean (true/false, 1/0, yes/no, on/off)',
    (raw) => {
      const t = raw.trim().toLowerCase();
      return TRUE.has(t) ? true : FALSE.has(t) ? false : undefined;
    },
    opts,
  );
}

/** An absolute URL, optionally limited to some schemes (given without the colon, e.g. "redis"). */
export function url(opts: DefaultOpt<string> & { protocols?: readonly string[] } = {}): ConfigField<string> {
  const protocols = opts.protocols?.map((p) => `${p.replace(/:$/, '')}:`);
  const rule = protocols ? `must be a URL (${protocols.map((p) => `${p}//`).join(' or ')})` : 'must be a URL';
  return field(
    rule,
    (raw) => {
      const t = raw.trim();
      if (!URL.canParse(t)) return undefined;
      return !protocols || protocols.includes(new URL(t).protocol) ? t : undefined;
    },
    opts,
  );
}

/** One of a fixed list of values. */
export function oneOf<const V extends readonly [string, ...string[]]>(
  values: V,
  opts: DefaultOpt<V[number]> = {},
): ConfigField<V[number]> {
  return field(`must be one of ${values.join(', ')}`, (raw) => values.find((v) => v === raw.trim()), opts);
}
