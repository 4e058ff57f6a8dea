import assert from 'node:assert/strict';
import { mergePaths, type OpenApiOperation } from '../../../src/openapi';
import { platformDoc, validate } from './openapi-support';

describe('mergePaths', () => {
  const login: OpenApiOperation = {
    operationId: 'Auth_Login',
    requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/LoginRequest' } } } },
    responses: { '200': { description: 'Tokens' } },
  };
  const loginSchema = { type: 'object', properties: { email: { type: 'string' }, password: { type: 'string' } } };

  it('adds hand-described paths, public for login and refresh, and keeps the document valid', async () => {
    const merged = mergePaths(
      platformDoc,
      {
        '/v1/auth/login': { post: login },
        '/v1/auth/refresh': { post: { ...login, operationId: 'Auth_Refresh' } },
        '/v1/auth/logout': { post: { ...login, operationId: 'Auth_Logout' } },
      },
      { LoginRequest: loginSchema },
    );
    assert.deepEqual(merged.paths['/v1/auth/login']?.post?.security, []);
    assert.deepEqual(merged.paths['/v1/auth/refresh']?.post?.security, []);
    assert.equal(merged.paths['/v1/auth/logout']?.post?.security, undefined);
    assert.equal(platformDoc.paths['/v1/auth/login'], undefined, 'the original is left alone');
    assert.deepEqual(await validate(merged), { valid: true });
  });

  it('adds an operation to an existing path, and refuses one that is already there', () => {
    const merged = mergePaths(platformDoc, { '/v1/groups': { delete: { ...login, operationId: 'X' } } });
    assert.ok(merged.paths['/v1/groups']?.get && merged.paths['/v1/groups'].delete);
    assert.throws(() => mergePaths(platformDoc, { '/v1/groups': { get: login } }), /already has get/);
    assert.throws(
      () => mergePaths(platformDoc, {}, { 'consorcio.groups.v1.Group': {} }),
      /schema consorcio.groups.v1.Group is already defined/,
    );
  });
});
