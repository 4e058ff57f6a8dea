import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { RuleViolation } from '../errors';

/**
 * Idempotency of commands that create something: the first call under a key stores its response
 * in the same transaction as its effect; a retry with the same key and the same request gets that
 * response back and writes nothing; the same key with a different request is refused.
 */
export async function createIdempotencyTable(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('idempotency_keys', (t) => {
    t.text('key').primary();
    t.text('operation').notNullable();
    t.text('request_hash').notNullable();
    t.binary('response').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

/** What a client may use as an idempotency key: 8..128 printable ASCII characters, no spaces. */
export const IDEMPOTENCY_KEY_RULE = 'must be 8..128 printable characters';
export function isIdempotencyKey(value: string): boolean {
  return /^[\x21-\x7e]{8,128}$/.test(value);
}

/** A stable hash of a request: canonical JSON (sorted keys, bigints as strings). */
export function requestHash(request: unknown): string {
  const canonical = JSON.stringify(request, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export interface IdempotentCall<T> {
  schema: string;
  key: string | undefined;
  operation: string;
  /**
   * Whose key it is (the caller's user id): keys are chosen by clients, so two clients picking the
   * same one must not see each other's answers. Stored as `<operation>/<scope>/<key>`.
   */
  scope: string;
  request: unknown;
  encode(result: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}

/** Runs `work` once per key inside `trx`; call it after taking the lock that serializes the aggregate. */
export async function onceByKey<T>(trx: Knex.Transaction, call: IdempotentCall<T>, work: () => Promise<T>): Promise<T> {
  if (!call.key) return work();
  const storedKey = `${call.operation}/${call.scope}/${call.key}`;
  const hash = requestHash({ operation: call.operation, request: call.request });
  const earlier = (await trx(`${call.schema}.idempotency_keys`).where({ key: storedKey }).first()) as
    { operation: string; request_hash: string; response: Buffer } | undefined;
  if (earlier) {
    if (earlier.request_hash !== hash) {
      throw new RuleViolation(
        'idempotency_key_reused',
        `key ${call.key} was already used for a different ${earlier.operation} request`,
      );
    }
    return call.decode(earlier.response);
  }
  const result = await work();
  await trx(`${call.schema}.idempotency_keys`).insert({
    key: storedKey,
    operation: call.operation,
    request_hash: hash,
    response: Buffer.from(call.encode(result)),
  });
  return result;
}
