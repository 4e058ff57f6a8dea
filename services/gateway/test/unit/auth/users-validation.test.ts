import assert from 'node:assert/strict';
import { ValidationError } from '@consorcio/shared/errors';
import { validateNewUser, type CreateUserInput } from '../../../src/auth';

const MEMBER_ID = '0190f5a0-0000-7000-8000-0000000000cc';
const ok: CreateUserInput = { username: 'ana.souza', password: 'twelve chars', roles: ['OPERATOR'] };

/** The fields named by the ValidationError `input` raises (none when valid). */
function badFields(input: CreateUserInput): string[] {
  try {
    validateNewUser(input);
    return [];
  } catch (err) {
    assert.ok(err instanceof ValidationError);
    return err.violations.map((v) => v.field);
  }
}

describe('validateNewUser', () => {
  it('accepts a valid user and lower-cases the username', () => {
    assert.deepEqual(validateNewUser({ ...ok, username: 'Ana.Souza_1-x' }), {
      username: 'ana.souza_1-x',
      password: 'twelve chars',
      roles: ['OPERATOR'],
      memberId: null,
    });
    assert.equal(validateNewUser({ ...ok, roles: ['MEMBER', 'AUDITOR'], memberId: MEMBER_ID }).memberId, MEMBER_ID);
  });

  it('usernames: 3..64 of [a-z0-9._-]', () => {
    for (const u of ['abc', 'a'.repeat(64), 'x.y_z-0']) assert.deepEqual(badFields({ ...ok, username: u }), [], u);
    for (const u of ['ab', 'a'.repeat(65), 'ana souza', 'ana@x', 'josé', '', 12, null, undefined]) {
      assert.deepEqual(badFields({ ...ok, username: u }), ['username'], String(u));
    }
  });

  it('passwords: 12..256 characters, counted as code points', () => {
    assert.deepEqual(badFields({ ...ok, password: '🔑'.repeat(12) }), []);
    assert.deepEqual(badFields({ ...ok, password: 'x'.repeat(256) }), []);
    for (const p of ['x'.repeat(11), '🔑'.repeat(11), 'x'.repeat(257), 123456789012, undefined]) {
      assert.deepEqual(badFields({ ...ok, password: p }), ['password'], String(p));
    }
  });

  it('roles: a non-empty list of distinct assignable roles (never SERVICE)', () => {
    for (const r of [[], ['ROOT'], ['SERVICE'], ['ADMIN', 'ADMIN'], 'ADMIN', [1], null]) {
      assert.deepEqual(badFields({ ...ok, roles: r }), ['roles'], JSON.stringify(r));
    }
  });

  it('memberId: a UUID, required with MEMBER and allowed only with it', () => {
    assert.deepEqual(badFields({ ...ok, roles: ['MEMBER'] }), ['memberId']);
    assert.deepEqual(badFields({ ...ok, memberId: MEMBER_ID }), ['memberId']);
    assert.deepEqual(badFields({ ...ok, roles: ['MEMBER'], memberId: 'not-a-uuid' }), ['memberId']);
    assert.deepEqual(badFields({ ...ok, roles: ['MEMBER'], memberId: 42 }), ['memberId']);
    // With roles already invalid, only their own violation is reported.
    assert.deepEqual(badFields({ ...ok, roles: ['ROOT'], memberId: MEMBER_ID }), ['roles']);
  });

  it('reports every bad field at once', () => {
    assert.deepEqual(badFields({ username: '', password: '', roles: [], memberId: 'x' }), [
      'username',
      'password',
      'roles',
      'memberId',
    ]);
  });
});
