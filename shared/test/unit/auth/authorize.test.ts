import assert from 'node:assert/strict';
import { PermissionDeniedError, UnauthenticatedError } from '../../../src/errors';
import type { Principal } from '../../../src/grpc';
import { hasRole, requireAuthenticated, requireRole, requireSelfOrRole, type Role } from '../../../src/auth';

const M1 = '0190f5a0-0000-7000-8000-0000000000a1';
const M2 = '0190f5a0-0000-7000-8000-0000000000a2';

const principals: Record<string, Principal | null> = {
  anonymous: null,
  admin: { userId: 'u-admin', roles: ['ADMIN'] },
  operator: { userId: 'u-op', roles: ['OPERATOR'] },
  auditor: { userId: 'u-aud', roles: ['AUDITOR'] },
  member1: { userId: 'u-m1', roles: ['MEMBER'], memberId: M1 },
  service: { userId: 'service:payments', roles: ['SERVICE'] },
  // A principal claiming a member id without the MEMBER role is not that member.
  memberIdOnly: { userId: 'u-x', roles: ['AUDITOR'], memberId: M1 },
};

type Outcome = 'ok' | 'unauthenticated' | 'denied';

function outcome(fn: () => void): Outcome {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof UnauthenticatedError) return 'unauthenticated';
    if (err instanceof PermissionDeniedError) return 'denied';
    throw err;
  }
}

describe('authorization helpers', () => {
  it('requireRole: anonymous → unauthenticated; a matching role passes; others are denied', () => {
    const roles: [Role, ...Role[]] = ['ADMIN', 'OPERATOR'];
    const expected: Record<string, Outcome> = {
      anonymous: 'unauthenticated',
      admin: 'ok',
      operator: 'ok',
      auditor: 'denied',
      member1: 'denied',
      service: 'denied',
      memberIdOnly: 'denied',
    };
    for (const [name, principal] of Object.entries(principals)) {
      assert.equal(
        outcome(() => requireRole(principal, ...roles)),
        expected[name],
        name,
      );
    }
  });

  it('requireRole names the roles needed', () => {
    assert.throws(() => requireRole(principals.member1!, 'ADMIN', 'AUDITOR'), {
      name: 'PermissionDeniedError',
      message: 'requires role ADMIN or AUDITOR',
    });
  });

  it('requireSelfOrRole: the member on their own id and staff pass; another member, anonymous do not', () => {
    const cases: [string, string, Outcome][] = [
      ['anonymous', M1, 'unauthenticated'],
      ['member1', M1, 'ok'],
      ['member1', M2, 'denied'],
      ['admin', M2, 'ok'],
      ['operator', M2, 'ok'],
      ['auditor', M2, 'denied'],
      ['service', M2, 'denied'],
      ['memberIdOnly', M1, 'denied'],
    ];
    for (const [name, memberId, expected] of cases) {
      const got = outcome(() => requireSelfOrRole(principals[name]!, memberId, 'ADMIN', 'OPERATOR'));
      assert.equal(got, expected, `${name} on ${memberId}`);
    }
    // With no staff roles only the member themself passes.
    assert.equal(
      outcome(() => requireSelfOrRole(principals.admin!, M1)),
      'denied',
    );
    assert.throws(() => requireSelfOrRole(principals.member1!, M2, 'OPERATOR'), {
      message: 'requires being that member or role OPERATOR',
    });
  });

  it('requireAuthenticated and hasRole', () => {
    assert.equal(
      outcome(() => requireAuthenticated(null)),
      'unauthenticated',
    );
    assert.equal(
      outcome(() => requireAuthenticated(principals.service!)),
      'ok',
    );
    assert.equal(hasRole(null, 'ADMIN'), false);
    assert.equal(hasRole(principals.auditor!, 'ADMIN', 'AUDITOR'), true);
  });
});
