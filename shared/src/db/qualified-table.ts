const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * `"schema"."table"` for SQL text. Schema and table names come from configuration, never from
 * requests, but they are checked anyway since they cannot travel as bind parameters.
 */
export function qualifiedTable(schema: string, table: string): string {
  for (const name of [schema, table]) {
    if (!IDENTIFIER.test(name)) throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  }
  return `"${schema}"."${table}"`;
}
