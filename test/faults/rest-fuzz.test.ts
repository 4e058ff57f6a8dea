import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createDb } from '@consorcio/shared/db';
import { infraUrls } from '@consorcio/shared/testing';
import { ADMIN, startPlatform, type Platform } from '../e2e/support/platform';

/** `npm run test:faults` runs the long form (FAULTS_LONG=1): more generated requests per endpoint. */
const RUNS = process.env.FAULTS_LONG === '1' ? 60 : 8;

/** The tables whose rows a refused request must not change (not the audit log, not sessions). */
const WATCHED = ['groups', 'payments', 'draws', 'credit'];

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: string[];
}
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** A value that is wrong for `schema`: another JSON type, an out-of-range or garbage string, a negative amount. */
function wrongFor(schema: Schema): fc.Arbitrary<unknown> {
  const garbage = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constant('9'.repeat(40)),
    fc.constant('-1'),
    fc.constant('12.5'),
    fc.constant('\u0000\u202e𝕏'),
  );
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.oneof(fc.constant('abc'), fc.constant(1e308), fc.constant(-(2 ** 63)), fc.boolean(), fc.constant({}));
    case 'boolean':
      return fc.oneof(fc.constant('yes'), fc.integer(), fc.constant([]));
    case 'array':
      return fc.oneof(fc.constant('not a list'), fc.integer(), fc.constant({}));
    case 'object':
      return fc.oneof(fc.constant('not an object'), fc.integer(), fc.constant([1, 2]));
    default:
      return schema.format === 'int64' || schema.format === 'uint64' || schema.enum
        ? fc.oneof(garbage, fc.constant(-12.5), fc.constant({ x: 1 }))
        : fc.oneof(fc.integer(), fc.boolean(), fc.constant({ nested: ['x'] }), fc.constant([]));
  }
}

/** A body guaranteed invalid: one field of the wrong type (plus random others), or not an object at all. */
function invalidBody(schema: Schema | undefined, api: OpenApi): fc.Arbitrary<unknown> {
  const resolved = schema?.$ref ? api.components.schemas[schema.$ref.split('/').pop() ?? ''] : schema;
  const props = Object.entries(resolved?.properties ?? {});
  const notObject = fc.oneof(fc.constant([]), fc.constant('text'), fc.constant(42), fc.constant(null));
  if (props.length === 0) return fc.oneof(notObject, fc.constant({ unknownField: 1 }));
  return fc.oneof(
    notObject,
    fc
      .tuple(fc.constantFrom(...props), fc.nat())
      .chain(([[name, s]]) => wrongFor(s).map((v) => ({ [name]: v, unknownField: 'x' }))),
  );
}

const pathValue = fc.oneof(
  fc.constant('not-a-uuid'),
  fc.constant('00000000-0000-0000-0000-00000000000g'),
  fc.constant('%F0%9F%92%A5'),
  fc.constant('9'.repeat(30)),
  fc.constant('-1'),
);

/** A fingerprint of every watched table's content (and the users): any insert, update or delete changes it. */
async function digest(db: ReturnType<typeof createDb>): Promise<string> {
  const tables = await db.raw<{ rows: { table_schema: string; table_name: string }[] }>(
    `select table_schema, table_name from information_schema.tables
     where (table_schema = any(?) or (table_schema = 'gateway' and table_name = 'users'))
       and table_type = 'BASE TABLE' order by 1, 2`,
    [WATCHED],
  );
  const parts: string[] = [];
  for (const t of tables.rows) {
    const r = await db.raw<{ rows: { h: string | null }[] }>(
      `select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as h from "${t.table_schema}"."${t.table_name}" x`,
    );
    parts.push(`${t.table_schema}.${t.table_name}=${r.rows[0]?.h}`);
  }
  return parts.join(' ');
}

/**
 * Every REST endpoint of the OpenAPI document, fed wrong types, missing and unknown fields, huge numbers, unicode,
 * negative money and garbage ids: never a 5xx, and a refused request changes nothing.
 */
describe('faults: malformed input on every REST endpoint', function () {
  this.timeout(300_000);
  let p: Platform;
  const db = createDb({ url: infraUrls('test').databaseUrl, applicationName: 'rest-fuzz' });

  before(async () => {
    p = await startPlatform();
  });
  after(async () => {
    await p?.stop();
    await db.destroy();
  });

  it('answers 4xx, never 5xx, and writes nothing', async () => {
    const token = (await p.login(ADMIN.username, ADMIN.password)).accessToken;
    const api = (await p.call('GET', '/openapi.json')).body as OpenApi;
    const before = await digest(db);
    const fives: string[] = [];
    const accepted: string[] = [];
    let requests = 0;
    for (const [template, methods] of Object.entries(api.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const body = op.requestBody?.content['application/json']?.schema;
        const raw = op.requestBody && !body;
        await fc.assert(
          fc.asyncProperty(pathValue, invalidBody(body, api), async (id, payload) => {
            const url = template.replace(/\{[^}]+\}/g, id);
            const r = await p.call(method.toUpperCase(), url, {
              token,
              ...(method === 'get' ? {} : { body: raw ? 'not signed' : payload }),
            });
            requests++;
            if (r.status >= 500) fives.push(`${method} ${url} ${JSON.stringify(payload)} → ${r.status}`);
            if (method !== 'get' && r.status < 300) accepted.push(`${method} ${url} → ${r.status}`);
            return true;
          }),
          { numRuns: RUNS },
        );
      }
    }
    assert.ok(requests > 100, `${requests} requests`);
    assert.deepEqual(fives, [], 'no 5xx');
    assert.deepEqual(accepted, [], 'no malformed write accepted');
    assert.equal(await digest(db), before, 'no row added, changed away or removed');
  });
});
