import assert from 'node:assert/strict';
import { Metadata } from '@grpc/grpc-js';
import { ControlledClock } from '../../../src/clock';
import { UnauthenticatedError } from '../../../src/errors';
import {
  generateKeyPairPem,
  jwtAuthenticator,
  loadSigningKey,
  loadVerificationKeys,
  serviceToken,
  signAccessToken,
} from '../../../src/auth';

const opts = { issuer: 'consorcio-gateway', audience: 'consorcio' };

function metadata(entries: Record<string, string>): Metadata {
  const md = new Metadata();
  for (const [k, v] of Object.entries(entries)) md.set(k, v);
  return md;
}

describe('jwtAuthenticator', () => {
  const pem = generateKeyPairPem();
  const privateKey = loadSigningKey(pem.privateKeyPem);
  const authenticate = jwtAuthenticator({ ...opts, publicKeys: loadVerificationKeys([pem.publicKeyPem]) });
  const isUnauthenticated = (err: unknown) => err instanceof UnauthenticatedError;

  it('answers null (anonymous) without an authorization entry, even with forwarded x-user-* metadata', async () => {
    assert.equal(await authenticate(new Metadata()), null);
    assert.equal(await authenticate(metadata({ 'x-user-id': 'u1', 'x-user-roles': 'ADMIN' })), null);
  });

  it('answers the principal for a good bearer token', async () => {
    const token = await signAccessToken({ sub: 'u1', roles: ['OPERATOR', 'AUDITOR'] }, privateKey, {
      ...opts,
      ttlSeconds: 60,
    });
    assert.deepEqual(await authenticate(metadata({ authorization: `Bearer ${token}` })), {
      userId: 'u1',
      roles: ['OPERATOR', 'AUDITOR'],
    });
    assert.equal((await authenticate(metadata({ authorization: `bearer ${token}` })))?.userId, 'u1');
  });

  it('throws UnauthenticatedError for a bad token or another scheme', async () => {
    const other = loadSigningKey(generateKeyPairPem().privateKeyPem);
    const forged = await signAccessToken({ sub: 'u1', roles: ['ADMIN'] }, other, { ...opts, ttlSeconds: 60 });
    await assert.rejects(async () => authenticate(metadata({ authorization: `Bearer ${forged}` })), isUnauthenticated);
    await assert.rejects(async () => authenticate(metadata({ authorization: 'Bearer nonsense' })), isUnauthenticated);
    await assert.rejects(async () => authenticate(metadata({ authorization: 'Basic dTpw' })), isUnauthenticated);
    await assert.rejects(async () => authenticate(metadata({ authorization: 'Bearer' })), isUnauthenticated);
  });
});

describe('serviceToken', () => {
  const pem = generateKeyPairPem();
  const privateKey = loadSigningKey(pem.privateKeyPem);
  const publicKeys = loadVerificationKeys([pem.publicKeyPem]);

  it('issues a SERVICE token for service:<name>, cached until shortly before expiry', async () => {
    const clock = new ControlledClock('2026-03-10T12:00:00Z');
    const source = serviceToken('payments', privateKey, { ...opts, ttlSeconds: 300, renewBeforeSeconds: 60, clock });
    const first = await source.token();
    const authenticate = jwtAuthenticator({ ...opts, publicKeys, clock });
    assert.deepEqual(await authenticate(await source.metadata()), { userId: 'service:payments', roles: ['SERVICE'] });
    clock.advanceMs(239_000);
    assert.equal(await source.token(), first);
    clock.advanceMs(1_000);
    const second = await source.token();
    assert.notEqual(second, first);
    assert.equal((await authenticate(metadata({ authorization: `Bearer ${second}` })))?.userId, 'service:payments');
  });

  it('shares one signing between concurrent callers', async () => {
    const source = serviceToken('draws', privateKey, opts);
    const tokens = await Promise.all([source.token(), source.token(), source.token()]);
    assert.equal(new Set(tokens).size, 1);
  });

  it('refuses a bad name or a renewal margin longer than the lifetime', () => {
    assert.throws(() => serviceToken('Payments Service', privateKey, opts), /invalid service name/);
    assert.throws(
      () => serviceToken('payments', privateKey, { ...opts, ttlSeconds: 60, renewBeforeSeconds: 60 }),
      /renewBeforeSeconds/,
    );
  });
});
