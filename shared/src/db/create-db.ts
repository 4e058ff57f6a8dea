import knex, { type Knex } from 'knex';
import pg from 'pg';

/** Options of {@link createDb}. */
export interface DbOptions {
  /** postgres://user@host:port/database */
  url: string;
  /** Most connections the pool opens (default 10). */
  poolMax?: number;
  /** Shown in pg_stat_activity, so an operator can tell the services apart. */
  applicationName?: string;
  /** How long a query waits for a pooled connection before failing, ms (default 10 s). */
  acquireTimeoutMs?: number;
  /** Where knex's own warnings go (pool errors, deprecations); console by default. */
  log?: {
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
    debug(obj: object, msg: string): void;
  };
}

const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;
const DATE_OID = 1082;

// Per-connection type parsers rather than pg.types.setTypeParser: a global override would change
// every other pg client in the process (tests, tools) behind their back.
// pg-types' TypeId enum omits array OIDs, hence the loosened signature.
const getBuiltinParser = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => unknown;
const parseInt8Array = getBuiltinParser(INT8_ARRAY_OID, 'text') as (v: string) => (string | null)[] | null;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
    // int8 holds centavos and counters past 2^53: as a JS number it would silently lose precision.
    if (oid === INT8_OID && format !== 'binary') return (v: string) => BigInt(v);
    // A `date` is a business date (America/Sao_Paulo calendar): keep it 'YYYY-MM-DD', never a
    // Date at local midnight that shifts a day when printed in UTC.
    if (oid === DATE_OID && format !== 'binary') return (v: string) => v;
    if (oid === INT8_ARRAY_OID && format !== 'binary') {
      return (v: string) => parseInt8Array(v)?.map((x) => (x === null ? null : BigInt(x))) ?? null;
    }
    return getBuiltinParser(oid, format);
  },
};

/**
 * A knex instance for PostgreSQL in which int8 columns (bigserial ids, versions, money in centavos,
 * `count(*)`) come back as JS `bigint` instead of pg's default strings, and `date` columns as
 * 'YYYY-MM-DD' strings.
 */
export function createDb(options: DbOptions): Knex {
  return knex({
    client: 'pg',
    connection: {
      connectionString: options.url,
      application_name: options.applicationName ?? 'consorcio',
      types,
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: options.poolMax ?? 10 },
    acquireConnectionTimeout: options.acquireTimeoutMs ?? 10_000,
    ...(options.log ? { log: knexLogger(options.log) } : {}),
  });
}

function knexLogger(log: NonNullable<DbOptions['log']>): Knex.Config['log'] {
  const text = (m: unknown) => (m instanceof Error ? m.message : String(m));
  return {
    warn: (m: unknown) => log.warn({ source: 'knex' }, text(m)),
    error: (m: unknown) => log.error({ source: 'knex' }, text(m)),
    deprecate: (method: string, alternative: string) =>
      log.warn({ source: 'knex', method, alternative }, 'knex deprecation'),
    debug: (m: unknown) => log.debug({ source: 'knex' }, text(m)),
  };
}
