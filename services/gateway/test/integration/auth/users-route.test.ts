import assert from 'node:assert/strict';
import { generateKeyPairPem, loadSigningKey, signAccessToken } from '@consorcio/shared/auth';
import { ControlledClock } from '@consorcio/shared/clock';
import { PermissionDeniedError, RuleViolation } from '@consorcio/shared/errors';
import { disableUser } from '../../../src/auth';
import { ACCESS_TTL, AUDIENCE, ISSUER, PASSWORD, startAuthHarness, violatedFields, type AuthHarness } from './harness';

const MEMBER_ID = '0190f5a0-0000-7000-8000-0000000000bb';

describe('gateway auth: POST /v1/auth/users and access tokens (PostgreSQL + Redis)', () => {
  let h: AuthHarness;
  let adminId: string;
  let admin: string;
  let operator: string;

  before(async () => {
    h = await startAuthHarness({ loginPerUsername: 1000, loginPerIp: 1000 });
    adminId = await h.addUser('root.admin', ['ADMIN']);
    await h.addUser('op.user', ['OPERATOR']);
    admin = (await h.post('/v1/auth/login', { username: 'root.admin', password: PASSWORD })).body.accessToken;
    operator = (await h.post('/v1/auth/login', { username: 'op.user', password: PASSWORD })).body.accessToken;
  });
  after(async () => h.stop());

  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const createAs = (token: string | undefined, body: unknown) =>
    h.post('/v1/auth/users', body, token === undefined ? {} : bearer(token));

  it('lets an admin create a user, who can then log in (username stored lower-cased)', async () => {
    const res = await createAs(admin, { username: 'Joana.M', password: 'a long enough pass', roles: ['AUDITOR'] });
    assert.equal(res.status, 201);
    assert.equal(res.body.username, 'joana.m');
    assert.deepEqual(res.body.roles, ['AUDITOR']);
    assert.equal(res.body.disabled, false);
    assert.equal(res.body.passwordHash, undefined);
    assert.equal(res.body.memberId, undefined);
    const login = await h.post('/v1/auth/login', { username: 'joana.m', password: 'a long enough pass' });
    assert.equal(login.status, 200);
    assert.match((await h.user('joana.m')).password_hash, /^\$argon2id\$/);
  });

  it('creates a member account carrying its member id', async () => {
    const res = await createAs(admin, {
      username: 'member.one',
      password: PASSWORD,
      roles: ['MEMBER'],
      memberId: MEMBER_ID,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.memberId, MEMBER_ID);
  });

  it('names each bad field in one 400', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ username: 'ab', password: PASSWORD, roles: ['AUDITOR'] }, ['username']],
      [{ username: 'has space', password: PASSWORD, roles: ['AUDITOR'] }, ['username']],
      [{ username: 'short.pw', password: 'elevenchars', roles: ['AUDITOR'] }, ['password']],
      [{ username: 'no.roles', password: PASSWORD, roles: [] }, ['roles']],
      [{ username: 'bad.role', password: PASSWORD, roles: ['ROOT'] }, ['roles']],
      [{ username: 'svc.role', password: PASSWORD, roles: ['SERVICE'] }, ['roles']],
      [{ username: 'dup.role', password: PASSWORD, roles: ['ADMIN', 'ADMIN'] }, ['roles']],
      [{ username: 'no.member', password: PASSWORD, roles: ['MEMBER'] }, ['memberId']],
      [{ username: 'not.member', password: PASSWORD, roles: ['OPERATOR'], memberId: MEMBER_ID }, ['memberId']],
      [{ username: 'bad.member', password: PASSWORD, roles: ['MEMBER'], memberId: 'x' }, ['memberId']],
      [{ username: 7, password: null, roles: 'ADMIN' }, ['username', 'password', 'roles']],
      [{ username: 'extra', password: PASSWORD, roles: ['AUDITOR'], isAdmin: true }, ['isAdmin']],
    ];
    for (const [body, fields] of cases) {
      const res = await createAs(admin, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 3);
      assert.deepEqual(violatedFields(res.body), fields, JSON.stringify(body));
    }
  });

  it('answers 409 for a taken username, whatever its case', async () => {
    const res = await createAs(admin, { username: 'OP.USER', password: PASSWORD, roles: ['AUDITOR'] });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 6);
  });

  it('answers 403 to an operator and 401 (with a Bearer challenge) without a token', async () => {
    const body = { username: 'someone', password: PASSWORD, roles: ['AUDITOR'] };
    const asOperator = await createAs(operator, body);
    assert.equal(asOperator.status, 403);
    assert.deepEqual(asOperator.body, { code: 7, message: 'requires role ADMIN', details: [] });
    const anonymous = await createAs(undefined, body);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.code, 16);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer');
    assert.equal(await h.user('someone'), undefined);
  });

  it('answers 401 to a tampered, expired, wrong-key or non-Bearer access token', async () => {
    const body = { username: 'never.made', password: PASSWORD, roles: ['ADMIN'] };
    const [header, payload, signature] = operator.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    claims.roles = ['ADMIN'];
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const signedAt = new ControlledClock(h.clock.now());
    signedAt.advanceMs(-(ACCESS_TTL + 1) * 1000);
    const expired = await signAccessToken({ sub: adminId, roles: ['ADMIN'] }, loadSigningKey(h.privateKeyPem), {
      ttlSeconds: ACCESS_TTL,
      issuer: ISSUER,
      audience: AUDIENCE,
      clock: signedAt,
    });
    const wrongKey = await signAccessToken(
      { sub: adminId, roles: ['ADMIN'] },
      loadSigningKey(generateKeyPairPem().privateKeyPem),
      { ttlSeconds: ACCESS_TTL, issuer: ISSUER, audience: AUDIENCE },
    );
    const wrongAudience = await signAccessToken({ sub: adminId, roles: ['ADMIN'] }, loadSigningKey(h.privateKeyPem), {
      ttlSeconds: ACCESS_TTL,
      issuer: ISSUER,
      audience: 'another-api',
      clock: h.clock,
    });
    for (const token of [tampered, expired, wrongKey, wrongAudience]) {
      const res = await createAs(token, body);
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { code: 16, message: 'invalid access token', details: [] });
    }
    const basic = await h.post('/v1/auth/users', body, { headers: { authorization: 'Basic cm9vdDpwdw==' } });
    assert.equal(basic.status, 401);
    assert.equal(await h.user('never.made'), undefined);
  });

  it('disables a user (admin only): their sessions are revoked and login refused', async () => {
    await h.addUser('leaving.soon', ['OPERATOR']);
    const session = (await h.post('/v1/auth/login', { username: 'leaving.soon', password: PASSWORD })).body;
    const { id } = await h.user('leaving.soon');
    const adminPrincipal = { userId: adminId, roles: ['ADMIN'] };
    await assert.rejects(disableUser(h.deps.users, { userId: 'x', roles: ['OPERATOR'] }, id), PermissionDeniedError);
    await assert.rejects(disableUser(h.deps.users, adminPrincipal, adminId), RuleViolation);
    await disableUser(h.deps.users, adminPrincipal, id);
    assert.equal((await h.post('/v1/auth/refresh', { refreshToken: session.refreshToken })).status, 401);
    assert.equal((await h.post('/v1/auth/login', { username: 'leaving.soon', password: PASSWORD })).status, 401);
  });
});
