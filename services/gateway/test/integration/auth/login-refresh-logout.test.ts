import assert from 'node:assert/strict';
import { verifyAccessToken } from '@consorcio/shared/auth';
import { PasswordHasher } from '../../../src/auth';
import {
  ACCESS_TTL,
  PASSWORD,
  REFRESH_TTL,
  TEST_PASSWORD_PARAMS,
  startAuthHarness,
  violatedFields,
  type AuthHarness,
  type TokenRow,
} from './harness';

const MEMBER_ID = '0190f5a0-0000-7000-8000-0000000000aa';
const INVALID_CREDENTIALS = { code: 16, message: 'invalid credentials', details: [] };
const INVALID_REFRESH = { code: 16, message: 'invalid refresh token', details: [] };

describe('gateway auth: login, refresh, logout (PostgreSQL + Redis)', () => {
  let h: AuthHarness;
  let memberUserId: string;

  before(async () => {
    // Many logins as one user here; the limits have their own test file.
    h = await startAuthHarness({ loginPerUsername: 1000, loginPerIp: 1000 });
    memberUserId = await h.addUser('maria.silva', ['MEMBER'], MEMBER_ID);
    await h.addUser('operator', ['OPERATOR']);
  });
  after(async () => h.stop());

  async function login(username = 'maria.silva', password = PASSWORD) {
    return h.post('/v1/auth/login', { username, password });
  }

  const row = (refreshToken: string) => h.tokenRow(refreshToken);

  it('logs in: a Bearer access token for the user and an opaque refresh token, stored only hashed', async () => {
    const res = await login();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(Object.keys(res.body).sort(), ['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
    assert.equal(res.body.tokenType, 'Bearer');
    assert.equal(res.body.expiresIn, ACCESS_TTL);
    assert.match(res.body.refreshToken, /^[A-Za-z0-9_-]{43}$/);
    const principal = await verifyAccessToken(res.body.accessToken, h.deps.verify.publicKeys, h.deps.verify);
    assert.deepEqual(principal, { userId: memberUserId, roles: ['MEMBER'], memberId: MEMBER_ID });
    const stored = await row(res.body.refreshToken);
    assert.equal(stored.user_id, memberUserId);
    assert.equal(stored.expires_at.getTime(), h.clock.now().getTime() + REFRESH_TTL * 1000);
    const raw = JSON.stringify((await h.db('gateway.refresh_tokens').select('*')) as unknown[]);
    assert.ok(!raw.includes(res.body.refreshToken), 'the token itself is never stored');
  });

  it('takes the username in any case', async () => {
    assert.equal((await login('Maria.Silva')).status, 200);
  });

  it('upgrades a password hash made with older parameters at the next good login', async () => {
    const id = await h.addUser('old.hash', ['AUDITOR']);
    const older = await new PasswordHasher({ ...TEST_PASSWORD_PARAMS, timeCost: 2 }).hash(PASSWORD);
    await h.db('gateway.users').where({ id }).update({ password_hash: older });
    assert.equal((await login('old.hash')).status, 200);
    const { password_hash: upgraded } = await h.user('old.hash');
    assert.notEqual(upgraded, older);
    assert.equal(h.passwords.needsRehash(upgraded), false);
    assert.equal((await login('old.hash')).status, 200);
  });

  it('answers the same 401 body for a bad password, an unknown user and a disabled user', async () => {
    const bad = await login('maria.silva', 'wrong password!!');
    const unknown = await login('nobody.here', PASSWORD);
    await h.addUser('gone', ['AUDITOR']);
    await h.db('gateway.users').where({ username: 'gone' }).update({ disabled: true });
    const disabled = await login('gone', PASSWORD);
    for (const res of [bad, unknown, disabled]) {
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, INVALID_CREDENTIALS);
    }
  });

  it('refuses malformed login bodies with 400 naming the field', async () => {
    const cases: [unknown, string[]][] = [
      [{ username: 'maria.silva' }, ['password']],
      [{ username: 42, password: '' }, ['username', 'password']],
      [{ username: 'maria.silva', password: PASSWORD, remember: true }, ['remember']],
      ['{not json', ['body']],
      [[1, 2], ['body']],
    ];
    for (const [body, fields] of cases) {
      const res = await h.post('/v1/auth/login', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 3);
      assert.deepEqual(violatedFields(res.body), fields);
    }
    const text = await h.post('/v1/auth/login', 'x', { headers: { 'content-type': 'text/plain' } });
    assert.equal(text.status, 400);
    assert.deepEqual(violatedFields(text.body), ['body']);
  });

  it('rotates on refresh: new tokens, the old one marked rotated, the new one in the same family', async () => {
    const first = (await login()).body;
    h.clock.advanceMs(60_000);
    const res = await h.post('/v1/auth/refresh', { refreshToken: first.refreshToken });
    assert.equal(res.status, 200);
    assert.notEqual(res.body.refreshToken, first.refreshToken);
    assert.notEqual(res.body.accessToken, first.accessToken);
    const [before, after] = [await row(first.refreshToken), await row(res.body.refreshToken)];
    assert.equal(before.rotated_at?.getTime(), h.clock.now().getTime());
    assert.equal(after.family_id, before.family_id);
    assert.equal(after.rotated_at, null);
    assert.equal(after.revoked_at, null);
    assert.equal((await h.post('/v1/auth/refresh', { refreshToken: res.body.refreshToken })).status, 200);
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const first = (await login()).body;
    const second = (await h.post('/v1/auth/refresh', { refreshToken: first.refreshToken })).body;
    const third = (await h.post('/v1/auth/refresh', { refreshToken: second.refreshToken })).body;
    const reuse = await h.post('/v1/auth/refresh', { refreshToken: first.refreshToken });
    assert.equal(reuse.status, 401);
    assert.deepEqual(reuse.body, INVALID_REFRESH);
    // The newest token, held by whoever refreshed last (maybe the thief), stops working too.
    assert.deepEqual((await h.post('/v1/auth/refresh', { refreshToken: third.refreshToken })).body, INVALID_REFRESH);
    const { family_id: familyId } = await row(first.refreshToken);
    const family = (await h.db('gateway.refresh_tokens').where({ family_id: familyId })) as TokenRow[];
    assert.equal(family.length, 3);
    assert.ok(family.every((t) => t.revoked_at !== null));
  });

  it('lets one of two concurrent refreshes with the same token win; the other is a reuse', async () => {
    const { refreshToken } = (await login()).body;
    const answers = await Promise.all([
      h.post('/v1/auth/refresh', { refreshToken }),
      h.post('/v1/auth/refresh', { refreshToken }),
    ]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 401]);
    const winner = answers.find((a) => a.status === 200)!;
    assert.equal((await h.post('/v1/auth/refresh', { refreshToken: winner.body.refreshToken })).status, 401);
  });

  it('leaves other sessions of the same user alone', async () => {
    const a = (await login()).body;
    const b = (await login()).body;
    await h.post('/v1/auth/refresh', { refreshToken: a.refreshToken });
    await h.post('/v1/auth/refresh', { refreshToken: a.refreshToken }); // reuse: revokes a's family only
    assert.equal((await h.post('/v1/auth/refresh', { refreshToken: b.refreshToken })).status, 200);
  });

  it('logs out: the family is revoked, refresh then fails, a second logout is harmless', async () => {
    const first = (await login()).body;
    const second = (await h.post('/v1/auth/refresh', { refreshToken: first.refreshToken })).body;
    const res = await h.post('/v1/auth/logout', { refreshToken: second.refreshToken });
    assert.equal(res.status, 204);
    assert.equal(res.body, undefined);
    assert.deepEqual((await h.post('/v1/auth/refresh', { refreshToken: second.refreshToken })).body, INVALID_REFRESH);
    assert.equal((await h.post('/v1/auth/logout', { refreshToken: second.refreshToken })).status, 204);
  });

  it('refuses an expired refresh token, and a made-up or malformed one, all with the same 401', async () => {
    const { refreshToken } = (await login()).body;
    h.clock.advanceMs(REFRESH_TTL * 1000);
    const expired = await h.post('/v1/auth/refresh', { refreshToken });
    const madeUp = await h.post('/v1/auth/refresh', { refreshToken: 'A'.repeat(43) });
    const malformed = await h.post('/v1/auth/refresh', { refreshToken: 'short' });
    const unknownLogout = await h.post('/v1/auth/logout', { refreshToken: 'B'.repeat(43) });
    for (const res of [expired, madeUp, malformed, unknownLogout]) {
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, INVALID_REFRESH);
    }
    assert.equal((await h.post('/v1/auth/refresh', {})).status, 400);
  });

  it('stops refreshing the sessions of a user disabled since', async () => {
    const { refreshToken } = (await h.post('/v1/auth/login', { username: 'operator', password: PASSWORD })).body;
    await h.db('gateway.users').where({ username: 'operator' }).update({ disabled: true });
    assert.deepEqual((await h.post('/v1/auth/refresh', { refreshToken })).body, INVALID_REFRESH);
    assert.notEqual((await row(refreshToken)).revoked_at, null);
  });

  it('answers 405 for another method and leaves other paths to the gateway', async () => {
    const get = await fetch(`${h.base}/v1/auth/login`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.equal((await h.post('/v1/auth/elsewhere', {})).status, 404);
    assert.equal((await h.post('/v1/groups', {})).status, 404);
  });
});
