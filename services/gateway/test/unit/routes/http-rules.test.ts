import assert from 'node:assert/strict';
import { getExtension, hasExtension } from '@bufbuild/protobuf';
import { descriptorSet } from '@consorcio/shared/grpc';
import { httpBindings, HttpRuleError } from '../../../src/routes';
import { BOOK_METHODS, fixtureRegistry, type MethodSpec } from './fixture-registry';

function annotatedMethods(): string[] {
  const { registry } = descriptorSet();
  const ext = registry.getExtension('google.api.http');
  assert.ok(ext, 'google/api/annotations.proto is in the descriptor set');
  const names: string[] = [];
  for (const desc of registry) {
    if (desc.kind !== 'service') continue;
    for (const m of desc.methods) {
      if (m.proto.options && hasExtension(m.proto.options, ext)) names.push(`${desc.typeName}.${m.name}`);
    }
  }
  return names;
}

describe('httpBindings', () => {
  it('gives one binding for every annotated rpc of the platform, with its full service name', () => {
    const bindings = httpBindings(descriptorSet().registry);
    const expected = annotatedMethods();
    assert.ok(expected.length >= 18, 'the groups service alone has 18 annotated rpcs');
    assert.deepEqual(
      bindings.map((b) => `${b.serviceName}.${b.methodName}`),
      expected,
    );
    const create = bindings.find((b) => b.methodName === 'CreateGroup');
    assert.equal(create?.serviceName, 'consorcio.groups.v1.GroupsService');
    assert.equal(create?.httpMethod, 'POST');
    assert.equal(create?.pathTemplate, '/v1/groups');
    assert.equal(create?.body, '*');
    assert.equal(create?.responseBody, '');
    assert.equal(create?.method.input.typeName, 'consorcio.groups.v1.CreateGroupRequest');
  });

  it('reads the verb, path and body of a GET rule without body', () => {
    const list = httpBindings(descriptorSet().registry).find((b) => b.methodName === 'ListGroups');
    assert.deepEqual([list?.httpMethod, list?.pathTemplate, list?.body], ['GET', '/v1/groups', '']);
  });

  it('skips rpcs and services without a rule', () => {
    const bindings = httpBindings(fixtureRegistry());
    assert.ok(!bindings.some((b) => b.methodName === 'Internal'));
    assert.ok(!bindings.some((b) => b.serviceName.startsWith('grpc.')));
  });

  it('reads additional_bindings as further bindings of the same rpc', () => {
    const create = httpBindings(fixtureRegistry()).filter((b) => b.methodName === 'CreateBook');
    assert.deepEqual(
      create.map((b) => [b.httpMethod, b.pathTemplate, b.body, b.bindingIndex]),
      [
        ['POST', '/v1/shelves/{shelf}/books', 'book', 0],
        ['PUT', '/v1/books', '*', 1],
      ],
    );
    assert.equal(create[0]?.method, create[1]?.method);
  });

  it('reads response_body and a named body', () => {
    const bindings = httpBindings(fixtureRegistry());
    assert.equal(bindings.find((b) => b.methodName === 'Run')?.responseBody, 'book');
    assert.equal(bindings.find((b) => b.methodName === 'CreateBook')?.body, 'book');
  });

  it('reads a custom pattern with its kind as the HTTP method', () => {
    const bindings = httpBindings(
      fixtureRegistry([
        {
          name: 'Peek',
          input: 'GetBookRequest',
          output: 'Book',
          http: { custom: { kind: 'HEAD', path: '/v1/{name}' } },
        },
      ]),
    );
    assert.deepEqual(
      bindings
        .filter((b) => b.serviceName === 'test.gateway.v1.BookService')
        .map((b) => [b.httpMethod, b.pathTemplate]),
      [['HEAD', '/v1/{name}']],
    );
  });

  it('keeps the HttpRule extension readable reflectively', () => {
    const registry = fixtureRegistry();
    const method = registry.getService('test.gateway.v1.BookService')?.method.run;
    const ext = registry.getExtension('google.api.http');
    assert.ok(method?.proto.options && ext);
    assert.equal((getExtension(method.proto.options, ext) as { body: string }).body, '*');
  });

  const invalid: [string, MethodSpec, RegExp][] = [
    [
      'a streaming rpc',
      { name: 'Watch', input: 'RunRequest', output: 'RunResponse', http: { get: '/v1/watch' }, serverStreaming: true },
      /server_streaming rpc/,
    ],
    [
      'a body that is not a field',
      { name: 'Bad', input: 'RunRequest', output: 'RunResponse', http: { post: '/v1/bad', body: 'nope' } },
      /body "nope" is not a field of test.gateway.v1.RunRequest/,
    ],
    [
      'a response_body that is not a field',
      { name: 'Bad', input: 'RunRequest', output: 'RunResponse', http: { get: '/v1/bad', responseBody: 'nope' } },
      /response_body "nope"/,
    ],
    [
      'a path variable that is not a field',
      { name: 'Bad', input: 'RunRequest', output: 'RunResponse', http: { get: '/v1/bad/{nope}' } },
      /path variable "nope" is not a field/,
    ],
    [
      'a path variable on a message field',
      { name: 'Bad', input: 'CreateBookRequest', output: 'Book', http: { get: '/v1/bad/{book}' } },
      /must be a singular scalar or enum/,
    ],
    [
      'a malformed template',
      { name: 'Bad', input: 'RunRequest', output: 'RunResponse', http: { get: '/v1/{shelf' } },
      /Bad: google.api.http invalid path template/,
    ],
    [
      'nested additional_bindings',
      {
        name: 'Bad',
        input: 'RunRequest',
        output: 'RunResponse',
        http: { get: '/v1/a', additionalBindings: [{ get: '/v1/b', additionalBindings: [{ get: '/v1/c' }] }] },
      },
      /additional_bindings cannot have additional_bindings/,
    ],
    [
      'a GET with a body',
      { name: 'Bad', input: 'RunRequest', output: 'RunResponse', http: { get: '/v1/a', body: '*' } },
      /GET cannot have a body/,
    ],
  ];
  for (const [what, spec, reason] of invalid) {
    it(`refuses ${what}, naming the rpc`, () => {
      assert.throws(
        () => httpBindings(fixtureRegistry([...BOOK_METHODS, spec])),
        (err: unknown) =>
          err instanceof HttpRuleError &&
          err.message.startsWith('test.gateway.v1.BookService.') &&
          reason.test(err.message),
      );
    });
  }
});
