import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { status } from '@grpc/grpc-js';
import { generateKeyPairPem, keyIdOf, splitKeyList } from '@consorcio/shared/auth';
import { loadConfig } from '@consorcio/shared/config';
import {
  AlreadyExistsError,
  PermissionDeniedError,
  UnauthenticatedError,
  ValidationError,
} from '@consorcio/shared/errors';
import {
  PasswordHasher,
  authOpenApiPaths,
  authSettings,
  clientIp,
  gatewayAuthConfig,
  hashOpaqueToken,
  isOpaqueToken,
  newOpaqueToken,
} from '../../../src/auth';
import { httpStatusFromGrpc } from '../../../src/http/grpc-to-http';
import { errorBody } from '../../../src/http/json-response';

const cheap = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('gateway auth building blocks', () => {
  describe('PasswordHasher (cheap test parameters)', () => {
    const hasher = new PasswordHasher(cheap);

    it('hashes with argon2id and verifies', async () => {
      const hash = await hasher.hash('correct horse battery');
      assert.match(hash, /^\$argon2id\$v=19\$/);
      assert.deepEqual(hash.split('$')[3]!.split(',').sort(), ['m=1024', 'p=1', 't=1']);
      assert.equal(await hasher.verify(hash, 'correct horse battery'), true);
      assert.equal(await hasher.verify(hash, 'correct horse batterY'), false);
      assert.equal(await hasher.verify('not a hash', 'x'), false);
      assert.equal(await hasher.verifyUnknownUser('correct horse battery'), false);
    });

    it('says when a hash was made with other parameters', async () => {
      const old = await new PasswordHasher({ ...cheap, timeCost: 2 }).hash('pw');
      assert.equal(hasher.needsRehash(old), true);
      assert.equal(hasher.needsRehash(await hasher.hash('pw')), false);
      assert.equal(hasher.needsRehash('garbage'), true);
    });
  });

  it('opaque refresh tokens: 256 random bits, base64url, hashed with SHA-256', () => {
    const a = newOpaqueToken();
    assert.equal(Buffer.from(a, 'base64url').length, 32);
    assert.ok(isOpaqueToken(a));
    assert.notEqual(a, newOpaqueToken());
    for (const bad of ['', 'a'.repeat(42), 'a'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}+`, 42]) {
      assert.equal(isOpaqueToken(bad), false, String(bad));
    }
    assert.equal(hashOpaqueToken(a).length, 32);
    assert.deepEqual(hashOpaqueToken(a), hashOpaqueToken(a));
  });

  it('error bodies carry the gRPC code number and map to HTTP statuses', () => {
    const cases: [Error, number, number][] = [
      [new ValidationError('username', 'bad'), 3, 400],
      [new UnauthenticatedError(), 16, 401],
      [new PermissionDeniedError('no'), 7, 403],
      [new AlreadyExistsError('user', 'x'), 6, 409],
    ];
    for (const [err, code, http] of cases) {
      const name = (err as unknown as { grpcCode: keyof typeof status }).grpcCode;
      assert.equal(status[name], code);
      assert.equal(httpStatusFromGrpc(code), http);
    }
    assert.equal(httpStatusFromGrpc(status.RESOURCE_EXHAUSTED), 429);
    assert.deepEqual(errorBody('INVALID_ARGUMENT', 'username: bad', [{ field: 'username', rule: 'bad' }]), {
      code: 3,
      message: 'username: bad',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [{ field: 'username', description: 'bad' }],
        },
      ],
    });
  });

  it('client address: the socket, or the last X-Forwarded-For hop behind a trusted proxy', () => {
    const req = (xff?: string) =>
      ({
        headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
        socket: { remoteAddress: '10.0.0.9' },
      }) as unknown as IncomingMessage;
    assert.equal(clientIp(req('1.1.1.1, 2.2.2.2'), false), '10.0.0.9');
    assert.equal(clientIp(req('6.6.6.6, 2.2.2.2'), true), '2.2.2.2');
    assert.equal(clientIp(req(), true), '10.0.0.9');
  });

  describe('configuration', () => {
    const pem = generateKeyPairPem();
    const old = generateKeyPairPem();

    it('has production defaults (argon2 defaults, 900 s access, 30 d refresh, 5 logins/min per username)', () => {
      const cfg = loadConfig(gatewayAuthConfig, { GATEWAY_JWT_PRIVATE_KEY: pem.privateKeyPem });
      const s = authSettings(cfg);
      assert.deepEqual(s.passwordParams, { memoryCost: 65536, timeCost: 3, parallelism: 4 });
      assert.equal(s.accessTokenTtlSeconds, 900);
      assert.equal(s.refreshTokenTtlSeconds, 2_592_000);
      assert.deepEqual(s.limits, { loginPerUsername: 5, loginPerIp: 20, otherPerIp: 60, windowMs: 60_000 });
      assert.equal(s.issuer, 'consorcio-gateway');
      assert.equal(s.audience, 'consorcio');
      assert.equal(s.admin, undefined);
      assert.equal(s.trustProxy, false);
      assert.deepEqual(s.verificationKeys.map(keyIdOf), [keyIdOf(s.signingKey)]);
    });

    it('accepts older public keys during a rotation, as PEM blocks or comma-separated base64', () => {
      const pems = `${old.publicKeyPem}${pem.publicKeyPem}`;
      assert.equal(splitKeyList(pems).length, 2);
      const b64 = [old, pem].map((p) => Buffer.from(p.publicKeyPem).toString('base64')).join(', ');
      assert.equal(splitKeyList(b64).length, 2);
      const cfg = loadConfig(gatewayAuthConfig, {
        GATEWAY_JWT_PRIVATE_KEY: pem.privateKeyPem,
        GATEWAY_JWT_PUBLIC_KEYS: b64,
      });
      assert.equal(authSettings(cfg).verificationKeys.length, 3);
    });

    it('refuses argon2 parameters below the floor, and a half-configured admin', () => {
      const base = { GATEWAY_JWT_PRIVATE_KEY: pem.privateKeyPem };
      assert.throws(() => loadConfig(gatewayAuthConfig, { ...base, GATEWAY_ARGON2_MEMORY_KIB: '1024' }), /MEMORY_KIB/);
      assert.throws(() => loadConfig(gatewayAuthConfig, { ...base, GATEWAY_ARGON2_TIME_COST: '1' }), /TIME_COST/);
      assert.throws(() => loadConfig(gatewayAuthConfig, {}), /GATEWAY_JWT_PRIVATE_KEY is required/);
      const half = loadConfig(gatewayAuthConfig, { ...base, GATEWAY_ADMIN_USERNAME: 'admin' });
      assert.throws(() => authSettings(half), /set together/);
    });
  });

  it('OpenAPI: the four POST routes, users behind bearerAuth', () => {
    assert.deepEqual(Object.keys(authOpenApiPaths), [
      '/v1/auth/login',
      '/v1/auth/refresh',
      '/v1/auth/logout',
      '/v1/auth/users',
    ]);
    assert.deepEqual(authOpenApiPaths['/v1/auth/users'].post.security, [{ bearerAuth: [] }]);
    assert.ok('429' in authOpenApiPaths['/v1/auth/login'].post.responses);
  });
});
