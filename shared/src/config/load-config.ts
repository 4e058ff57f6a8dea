import { z } from 'zod';

/** Variable name → schema; usually built from the field helpers. */
export type ConfigShape = Record<string, z.ZodType<unknown, string | undefined>>;

/** The typed object `loadConfig(shape)` returns. */
export type ConfigOf<S extends ConfigShape> = { readonly [K in keyof S]: z.output<S[K]> };

/** One variable that is missing or breaks its rule. */
export interface ConfigProblem {
  readonly variable: string;
  readonly rule: string;
}

/** Thrown at startup when the environment is unusable; the message lists every problem at once. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    super(`config: ${problems.map((p) => `${p.variable} ${p.rule}`).join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses `env` (process.env by default) against `shape` and returns only the declared variables,
 * typed. Throws a ConfigError naming every missing or invalid variable, so one failed start shows
 * all that must be fixed. The result is frozen: configuration does not change while running.
 */
export function loadConfig<S extends ConfigShape>(
  shape: S,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConfigOf<S> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => ({ variable: i.path.map(String).join('.') || '(env)', rule: i.message })),
    );
  }
  return Object.freeze(result.data) as ConfigOf<S>;
}
