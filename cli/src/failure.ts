import { CommanderError, InvalidArgumentError } from 'commander';
import { ApiError } from './api/rest-client';

/**
 * How a command fails. Exit code 2 is a usage error (the command line itself is wrong: fix it and retry), 1 any
 * other failure (the platform refused, a file is bad, nothing to reach). Either way one line on stderr names the
 * problem; details a command already printed (every bad row, every plan problem) are not repeated in it.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export class Failure extends Error {
  override name = 'Failure';
}

/** A field violation of the platform's BadRequest detail. */
export interface FieldProblem {
  field: string;
  description: string;
}

/** The field violations of a refused call (google.rpc.BadRequest in `details`), if any. */
export function fieldProblems(err: unknown): FieldProblem[] {
  if (!(err instanceof ApiError)) return [];
  const details = (err.body as { details?: unknown } | undefined)?.details;
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: { fieldViolations?: unknown }) =>
    Array.isArray(d?.fieldViolations)
      ? (d.fieldViolations as { field?: unknown; description?: unknown }[]).map((v) => ({
          field: typeof v.field === 'string' ? v.field : '',
          description: typeof v.description === 'string' ? v.description : '',
        }))
      : [],
  );
}

/** The platform's own message of a refused call, without the method and path. */
export function apiMessage(err: ApiError): string {
  const m = (err.body as { message?: unknown } | undefined)?.message;
  return typeof m === 'string' && m !== '' ? m : `HTTP ${err.status}`;
}

/** One line naming the problem, whatever was thrown. */
export function oneLine(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401 && !err.path.startsWith('/v1/auth/'))
      return `${err.method} ${err.path}: not signed in, or the session ended: run \`consorcio login\``;
    const fields = fieldProblems(err);
    const detail = fields.length ? ` (${fields.map((f) => `${f.field}: ${f.description}`).join('; ')})` : '';
    return `${err.method} ${err.path}: ${err.status} ${apiMessage(err)}${detail}`;
  }
  if (err instanceof TypeError && err.message === 'fetch failed') {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return `cannot reach the platform: ${cause?.code ?? cause?.message ?? 'network error'}`;
  }
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n', 1)[0] ?? text;
}

/** The process exit code of a failure: 2 for usage errors, 0 for help and version, 1 for anything else. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  if (err instanceof UsageError) return 2;
  return 1;
}

/** An option parser for whole numbers ≥ `min` (commander reports a bad value as a usage error naming the option). */
export function wholeNumber(min = 1): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text)))
      throw new InvalidArgumentError(`must be a whole number ≥ ${min}.`);
    return Number(text);
  };
}

/** An option parser for calendar dates, YYYY-MM-DD and a real day. */
export function calendarDate(text: string): string {
  const d = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text)
    throw new InvalidArgumentError('must be a date YYYY-MM-DD.');
  return text;
}
