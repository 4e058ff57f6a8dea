import assert from 'node:assert/strict';
import { ControlledClock } from '../../../src/clock';
import { UnauthenticatedError } from '../../../src/errors';
import {
  generateKeyPairPem,
  keyIdOf,
  loadSigningKey,
  loadVerificationKeys,
  signAccessToken,
  verifyAccessToken,
  type AccessTokenSubject,
} from '../../../src/auth';

const ISSUER = 'consorcio-gateway';
const AUDIENCE = 'consorcio';
const USER_ID = '0190f5a0-0000-7000-8000-000000000001';
const MEMBER_ID = '0190f5a0-0000-7000-8000-0000000000aa';

function keyPair() {
  const pem = generateKeyPairPem();
  return { privateKey: loadSigningKey(pem.privateKeyPem), publicKeys: loadVerificationKeys([pem.publicKeyPem]) };
}

/** Replaces one segment of a compact JWT. */
function withSegment(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('access tokens (EdDSA)', () => {
  const keys = keyPair();
  const clock = new ControlledClock('2026-03-10T12:00:00Z');
  const signOpts = { ttlSeconds: 900, issuer: ISSUER, audience: AUDIENCE, clock };
  const verifyOpts = { issuer: ISSUER, audience: AUDIENCE, clock };
  const member: AccessTokenSubject = { sub: USER_ID, roles: ['MEMBER'], member_id: MEMBER_ID };

  async function rejects(token: string, publicKeys = keys.publicKeys, opts = verifyOpts): Promise<void> {
    await assert.rejects(verifyAccessToken(token, publicKeys, opts), (err: unknown) => {
      assert.ok(err instanceof UnauthenticatedError);
      assert.equal(err.message, 'invalid access token');
      return true;
    });
  }

  it('round-trips: the principal carries user id, roles and member id', async () => {
    const token = await signAccessToken(member, keys.privateKey, signOpts);
    assert.deepEqual(await verifyAccessToken(token, keys.publicKeys, verifyOpts), {
      userId: USER_ID,
      roles: ['MEMBER'],
      memberId: MEMBER_ID,
    });
  });

  it('writes iss, aud, iat, exp, a unique jti and the key id', async () => {
    const a = await signAccessToken({ sub: USER_ID, roles: ['ADMIN'] }, keys.privateKey, signOpts);
    const b = await signAccessToken({ sub: USER_ID, roles: ['ADMIN'] }, keys.privateKey, signOpts);
    const decode = (t: string, i: number) =>
      JSON.parse(Buffer.from(t.split('.')[i]!, 'base64url').toString()) as Record<string, unknown>;
    const claims = decode(a, 1);
    const iat = Math.floor(clock.now().getTime() / 1000);
    assert.equal(claims.iss, ISSUER);
    assert.equal(claims.aud, AUDIENCE);
    assert.equal(claims.iat, iat);
    assert.equal(claims.exp, iat + 900);
    assert.equal(claims.member_id, undefined);
    assert.notEqual(claims.jti, decode(b, 1).jti);
    assert.deepEqual(decode(a, 0), { alg: 'EdDSA', typ: 'JWT', kid: keyIdOf(keys.privateKey) });
  });

  it('refuses a tampered payload', async () => {
    const token = await signAccessToken(
      { sub: USER_ID, roles: ['MEMBER'], member_id: MEMBER_ID },
      keys.privateKey,
      signOpts,
    );
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    claims.roles = ['ADMIN'];
    delete claims.member_id;
    await rejects(withSegment(token, 1, Buffer.from(JSON.stringify(claims)).toString('base64url')));
  });

  it('refuses a tampered signature', async () => {
    const token = await signAccessToken(member, keys.privateKey, signOpts);
    const sig = Buffer.from(token.split('.')[2]!, 'base64url');
    sig[0] = sig[0]! ^ 0x01;
    await rejects(withSegment(token, 2, sig.toString('base64url')));
  });

  it('refuses an expired token, and accepts it until its last second', async () => {
    const at = new ControlledClock(clock.now());
    const token = await signAccessToken(member, keys.privateKey, { ...signOpts, clock: at });
    at.advanceMs(899_000);
    await verifyAccessToken(token, keys.publicKeys, { ...verifyOpts, clock: at });
    at.advanceMs(1_000);
    await rejects(token, keys.publicKeys, { ...verifyOpts, clock: at });
  });

  it('refuses a token signed by another key, and accepts any key of a rotation set', async () => {
    const other = keyPair();
    const token = await signAccessToken(member, other.privateKey, signOpts);
    await rejects(token);
    const both = [...keys.publicKeys, ...other.publicKeys];
    assert.equal((await verifyAccessToken(token, both, verifyOpts)).userId, USER_ID);
    // A kid naming none of the keys does not stop the others from being tried.
    const foreignKid = await signAccessToken(member, other.privateKey, { ...signOpts, keyId: 'elsewhere' });
    assert.equal((await verifyAccessToken(foreignKid, both, verifyOpts)).userId, USER_ID);
  });

  it('refuses a wrong issuer or audience', async () => {
    const token = await signAccessToken(member, keys.privateKey, signOpts);
    await rejects(token, keys.publicKeys, { ...verifyOpts, issuer: 'someone-else' });
    await rejects(token, keys.publicKeys, { ...verifyOpts, audience: 'another-api' });
  });

  it('refuses garbage, alg "none" and malformed claims', async () => {
    await rejects('');
    await rejects('not.a.jwt');
    const token = await signAccessToken(member, keys.privateKey, signOpts);
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    await rejects(withSegment(withSegment(token, 0, none), 2, ''));
    // A MEMBER token without a member id, and unknown roles, are refused even when properly signed.
    await rejects(await signAccessToken({ sub: USER_ID, roles: ['MEMBER'] }, keys.privateKey, signOpts));
    await rejects(await signAccessToken({ sub: USER_ID, roles: [] }, keys.privateKey, signOpts));
    const unknownRole = { sub: USER_ID, roles: ['ROOT'] } as unknown as AccessTokenSubject;
    await rejects(await signAccessToken(unknownRole, keys.privateKey, signOpts));
  });

  it('ties SERVICE to a service: subject, alone', async () => {
    const service = await signAccessToken({ sub: 'service:draws', roles: ['SERVICE'] }, keys.privateKey, signOpts);
    assert.deepEqual((await verifyAccessToken(service, keys.publicKeys, verifyOpts)).roles, ['SERVICE']);
    await rejects(await signAccessToken({ sub: USER_ID, roles: ['SERVICE'] }, keys.privateKey, signOpts));
    await rejects(
      await signAccessToken({ sub: 'service:draws', roles: ['SERVICE', 'ADMIN'] }, keys.privateKey, signOpts),
    );
    await rejects(await signAccessToken({ sub: 'service:draws', roles: ['ADMIN'] }, keys.privateKey, signOpts));
  });
});

describe('key loading', () => {
  it('reads PEM, PEM with escaped newlines and base64 of PEM', () => {
    const pem = generateKeyPairPem();
    const a = loadSigningKey(pem.privateKeyPem);
    const b = loadSigningKey(pem.privateKeyPem.replace(/\n/g, '\\n'));
    const c = loadSigningKey(Buffer.from(pem.privateKeyPem).toString('base64'));
    const [pub] = loadVerificationKeys([Buffer.from(pem.publicKeyPem).toString('base64')]);
    assert.equal(keyIdOf(a), keyIdOf(b));
    assert.equal(keyIdOf(a), keyIdOf(c));
    assert.equal(keyIdOf(a), keyIdOf(pub!));
  });

  it('refuses garbage, non-Ed25519 keys and an empty key list without echoing the key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    assert.throws(
      () => loadSigningKey('secret-looking-garbage'),
      (err: Error) => !err.message.includes('garbage'),
    );
    assert.throws(() => loadSigningKey(rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()), /Ed25519/);
    assert.throws(
      () => loadVerificationKeys([rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString()]),
      /Ed25519/,
    );
    assert.throws(() => loadVerificationKeys([]), /at least one/);
  });
});
