import assert from 'node:assert/strict';
import { descriptorSet } from '@consorcio/shared/grpc';
import {
  buildRouteTable,
  httpBindings,
  RouteConflictError,
  type HttpBinding,
  type PathTemplate,
} from '../../../src/routes';
import { fixtureRegistry, type MethodSpec } from './fixture-registry';

/** A concrete path for a template: each variable gets a sample value; returns it and the expected params. */
function concretePath(t: PathTemplate): { path: string; params: Record<string, string> } {
  const parts: string[] = [];
  const params: Record<string, string> = {};
  for (let i = 0; i < t.segments.length;) {
    const v = t.variables.find((x) => x.start === i);
    const sample = (kind: string, n: number): string[] =>
      kind === 'any' ? [`sample-${n}`] : kind === 'rest' ? ['deep', `rest-${n}`] : [];
    if (v) {
      const captured = t.segments
        .slice(v.start, v.end)
        .flatMap((s, k) => (s.kind === 'literal' ? [s.value] : sample(s.kind, i + k)));
      parts.push(...captured);
      params[v.fieldPath] = captured.join('/');
      i = v.end;
    } else {
      const s = t.segments[i];
      parts.push(...(s?.kind === 'literal' ? [s.value] : sample(s?.kind ?? 'any', i)));
      i++;
    }
  }
  return { path: `/${parts.join('/')}${t.verb ? `:${t.verb}` : ''}`, params };
}

function bindingsOf(methods: MethodSpec[]): HttpBinding[] {
  return httpBindings(fixtureRegistry(methods)).filter((b) => b.serviceName === 'test.gateway.v1.BookService');
}

const get = (name: string, path: string): MethodSpec => ({
  name,
  input: 'GetBookRequest',
  output: 'Book',
  http: { get: path },
});

describe('buildRouteTable', () => {
  for (const [label, registry] of [
    ['the platform', descriptorSet().registry],
    ['the test fixture', fixtureRegistry()],
  ] as const) {
    it(`finds every annotated rpc of ${label} by its method and a concrete path`, () => {
      const bindings = httpBindings(registry);
      const table = buildRouteTable(bindings);
      assert.ok(bindings.length > 0);
      for (const binding of bindings) {
        const { path, params } = concretePath(binding.template);
        const found = table.match(binding.httpMethod, path);
        assert.equal(found.kind, 'found', `${binding.httpMethod} ${path}`);
        if (found.kind !== 'found') continue;
        assert.equal(found.binding, binding, `${binding.httpMethod} ${path} → ${found.binding.methodName}`);
        assert.deepEqual(found.pathParams, params);
      }
    });
  }

  it('answers 405 with the allowed methods for a known path and another method', () => {
    const table = buildRouteTable(httpBindings(descriptorSet().registry));
    assert.deepEqual(table.match('PUT', '/v1/groups'), { kind: 'method_not_allowed', allowed: ['GET', 'POST'] });
    assert.deepEqual(table.match('DELETE', '/v1/groups/g1'), { kind: 'method_not_allowed', allowed: ['GET'] });
    assert.deepEqual(table.match('GET', '/v1/quotas/q1:transfer'), { kind: 'found', ...foundQuota(table) });
  });

  it('answers not found for unknown paths', () => {
    const table = buildRouteTable(httpBindings(descriptorSet().registry));
    for (const path of ['/v1/nothing', '/v2/groups', '/v1/groups/', '/v1/groups/g1/quotas/q1', '/', '']) {
      assert.deepEqual(table.match('GET', path), { kind: 'not_found' }, path);
    }
  });

  it('prefers a literal segment over a variable, whatever the declaration order', () => {
    for (const methods of [
      [get('ById', '/v1/items/{name}'), get('Special', '/v1/items/special')],
      [get('Special', '/v1/items/special'), get('ById', '/v1/items/{name}')],
    ]) {
      const table = buildRouteTable(bindingsOf(methods));
      const special = table.match('GET', '/v1/items/special');
      const other = table.match('GET', '/v1/items/other');
      assert.equal(special.kind === 'found' && special.binding.methodName, 'Special');
      assert.equal(other.kind === 'found' && other.binding.methodName, 'ById');
    }
  });

  it('prefers * over ** and a leftmost literal over a later one', () => {
    const table = buildRouteTable(
      bindingsOf([
        get('Deep', '/v1/{name=**}'),
        get('One', '/v1/{name}'),
        get('Lit', '/v1/{name}/x'),
        get('Left', '/v1/a/{version}'),
      ]),
    );
    const name = (path: string): string | false => {
      const m = table.match('GET', path);
      return m.kind === 'found' && m.binding.methodName;
    };
    assert.equal(name('/v1/a'), 'One');
    assert.equal(name('/v1/a/b/c'), 'Deep');
    assert.equal(name('/v1/a/x'), 'Left');
    assert.equal(name('/v1/b/x'), 'Lit');
  });

  it('prefers a template with the custom verb over one whose variable would swallow it', () => {
    const table = buildRouteTable(
      bindingsOf([
        { name: 'Plain', input: 'RunRequest', output: 'RunResponse', http: { post: '/v1/jobs/{shelf}', body: '*' } },
        { name: 'Run', input: 'RunRequest', output: 'RunResponse', http: { post: '/v1/jobs/{shelf}:run', body: '*' } },
      ]),
    );
    const run = table.match('POST', '/v1/jobs/j1:run');
    assert.deepEqual(run.kind === 'found' && [run.binding.methodName, run.pathParams], ['Run', { shelf: 'j1' }]);
    const plain = table.match('POST', '/v1/jobs/j1:other');
    assert.deepEqual(plain.kind === 'found' && [plain.binding.methodName, plain.pathParams], [
      'Plain',
      { shelf: 'j1:other' },
    ]);
  });

  it('routes additional bindings to the same rpc', () => {
    const table = buildRouteTable(httpBindings(fixtureRegistry()));
    const post = table.match('POST', '/v1/shelves/s1/books');
    const put = table.match('PUT', '/v1/books');
    assert.ok(post.kind === 'found' && put.kind === 'found');
    assert.equal(post.binding.method, put.binding.method);
    assert.notEqual(post.binding, put.binding);
  });

  it('refuses two routes of one method with the same shape, naming both', () => {
    assert.throws(
      () => buildRouteTable(bindingsOf([get('A', '/v1/items/{name}'), get('B', '/v1/items/{version}')])),
      (err: unknown) =>
        err instanceof RouteConflictError &&
        err.message.includes('/v1/items/{name}') &&
        err.message.includes('/v1/items/{version}'),
    );
    assert.throws(() => buildRouteTable(bindingsOf([get('A', '/v1/x:go'), get('B', '/v1/x:go')])), RouteConflictError);
  });

  it('accepts the same template under different methods', () => {
    const table = buildRouteTable(
      bindingsOf([
        get('Read', '/v1/items/{name}'),
        { name: 'Drop', input: 'GetBookRequest', output: 'Book', http: { delete: '/v1/items/{name}' } },
      ]),
    );
    const drop = table.match('DELETE', '/v1/items/i1');
    assert.equal(drop.kind === 'found' && drop.binding.methodName, 'Drop');
    assert.deepEqual(table.match('PATCH', '/v1/items/i1'), { kind: 'method_not_allowed', allowed: ['DELETE', 'GET'] });
  });
});

function foundQuota(table: ReturnType<typeof buildRouteTable>): {
  binding: HttpBinding;
  pathParams: Record<string, string>;
} {
  // A GET on a custom-verb path falls back to the template without the verb, as in grpc-gateway:
  // GetQuota with quota_id "q1:transfer" (the service then answers NOT_FOUND).
  const binding = table.bindings.find((b) => b.methodName === 'GetQuota');
  assert.ok(binding);
  return { binding, pathParams: { quota_id: 'q1:transfer' } };
}
