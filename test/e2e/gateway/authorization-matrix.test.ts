import assert from 'node:assert/strict';
import { generateKeyPairPem, loadSigningKey, signAccessToken } from '@consorcio/shared/auth';
import { ControlledClock } from '@consorcio/shared/clock';
import { ADMIN, DEMO_PARAMETERS, startPlatform, type Platform } from '../support/platform';

type Who = 'admin' | 'operator' | 'auditor' | 'member' | 'otherMember' | 'anonymous';
const EVERYONE: Who[] = ['admin', 'operator', 'auditor', 'member', 'otherMember', 'anonymous'];

/** A cell of the matrix: allowed (the service ran the call: any status but 401/403), 403 or 401. */
type Verdict = 'allowed' | 403 | 401;

describe('authorization matrix over the REST endpoints', function () {
  this.timeout(60_000);
  let p: Platform;
  const tokens: Partial<Record<Who, string>> = {};
  let groupId: string;
  let member: string;
  let otherMember: string;
  let memberQuota: string;
  let documents = 0;

  const newMember = async (): Promise<string> => {
    const base = String(100_000_000 + ++documents * 7919).slice(-9);
    const digits = base.split('').map(Number);
    const dv = (ds: number[]) => ((ds.reduce((a, d, i) => a + d * (ds.length + 1 - i), 0) * 10) % 11) % 10;
    const cpf = base + dv(digits) + dv([...digits, dv(digits)]);
    const r = await p.call('POST', '/v1/members', {
      token: tokens.admin!,
      body: { kind: 'MEMBER_KIND_PERSON', document: cpf, name: `Membro ${documents}` },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.member.memberId as string;
  };

  before(async () => {
    p = await startPlatform();
    tokens.admin = (await p.login(ADMIN.username, ADMIN.password)).accessToken;
    tokens.operator = await p.userToken(['OPERATOR']);
    tokens.auditor = await p.userToken(['AUDITOR']);
    member = await newMember();
    otherMember = await newMember();
    tokens.member = await p.userToken(['MEMBER'], member);
    tokens.otherMember = await p.userToken(['MEMBER'], otherMember);
    const g = await p.call('POST', '/v1/groups', {
      token: tokens.admin,
      body: { code: 'G-MATRIX', parameters: DEMO_PARAMETERS },
    });
    groupId = g.body.group.groupId;
    await p.call('POST', `/v1/groups/${groupId}:publish`, { token: tokens.admin, body: {} });
    const q = await p.call('POST', `/v1/groups/${groupId}/quotas`, {
      token: tokens.admin,
      body: { memberId: member, channel: 'ENROLLMENT_CHANNEL_PREMISES' },
    });
    memberQuota = q.body.quota.quotaId;
    // payments learns of the quota from groups' event: wait until it has billed installment 1.
    for (let i = 0; i < 200; i++) {
      const r = await p.call('GET', `/v1/quotas/${memberQuota}/installments`, { token: tokens.admin });
      if (r.status === 200 && r.body.installments.length === 1) break;
      await new Promise((res) => setTimeout(res, 50));
    }
  });
  after(() => p.stop());

  async function verdictOf(who: Who, method: string, path: string, body?: () => unknown): Promise<Verdict> {
    const r = await p.call(method, path, {
      ...(who === 'anonymous' ? {} : { token: tokens[who]! }),
      ...(body ? { body: body() } : method === 'POST' ? { body: {} } : {}),
    });
    if (r.status === 401 || r.status === 403) return r.status;
    assert.ok(r.status < 500, `${who} ${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return 'allowed';
  }

  /** Expected verdict per caller; anyone not named is refused 403 (anonymous always 401). */
  const rows: { name: string; method: string; path: () => string; body?: () => unknown; allowed: Who[] }[] = [
    {
      name: 'create a group',
      method: 'POST',
      path: () => '/v1/groups',
      body: () => ({ code: `G-${Math.random().toString(36).slice(2, 8)}`, parameters: DEMO_PARAMETERS }),
      allowed: ['admin', 'operator'],
    },
    {
      name: 'list groups',
      method: 'GET',
      path: () => '/v1/groups',
      allowed: ['admin', 'operator', 'auditor', 'member', 'otherMember'],
    },
    {
      name: 'read a group',
      method: 'GET',
      path: () => `/v1/groups/${groupId}`,
      allowed: ['admin', 'operator', 'auditor', 'member', 'otherMember'],
    },
    {
      name: 'publish a group',
      method: 'POST',
      path: () => `/v1/groups/${groupId}:publish`,
      allowed: ['admin', 'operator'],
    },
    {
      name: 'close a group',
      method: 'POST',
      path: () => `/v1/groups/${groupId}:close`,
      allowed: ['admin', 'operator'],
    },
    {
      name: "read the member's data",
      method: 'GET',
      path: () => `/v1/members/${member}?purpose=support_call`,
      allowed: ['admin', 'operator', 'auditor', 'member'],
    },
    {
      name: 'enroll the member',
      method: 'POST',
      path: () => `/v1/groups/${groupId}/quotas`,
      body: () => ({ memberId: member, channel: 'ENROLLMENT_CHANNEL_ONLINE' }),
      allowed: ['admin', 'operator', 'member'],
    },
    {
      name: "read the member's quota",
      method: 'GET',
      path: () => `/v1/quotas/${memberQuota}`,
      allowed: ['admin', 'operator', 'auditor', 'member'],
    },
    {
      name: "list the group's quotas",
      method: 'GET',
      path: () => `/v1/groups/${groupId}/quotas`,
      allowed: ['admin', 'operator', 'auditor'],
    },
    {
      name: 'list one member’s own quotas',
      method: 'GET',
      path: () => `/v1/groups/${groupId}/quotas?memberId=${member}`,
      allowed: ['admin', 'operator', 'auditor', 'member'],
    },
    {
      name: 'transfer a quota',
      method: 'POST',
      path: () => `/v1/quotas/${memberQuota}:transfer`,
      body: () => ({ toMemberId: otherMember }),
      allowed: ['admin', 'operator'],
    },
    {
      name: "list the member's installments",
      method: 'GET',
      path: () => `/v1/quotas/${memberQuota}/installments`,
      allowed: ['admin', 'operator', 'auditor', 'member'],
    },
    {
      name: "read the member's statement",
      method: 'GET',
      path: () => `/v1/quotas/${memberQuota}/statement`,
      allowed: ['admin', 'operator', 'auditor', 'member'],
    },
    {
      name: 'issue a charge for the member',
      method: 'POST',
      path: () => `/v1/quotas/${memberQuota}/charges`,
      body: () => ({ method: 'CHARGE_METHOD_PIX' }),
      allowed: ['admin', 'operator', 'member'],
    },
    {
      name: 'record a payment',
      method: 'POST',
      path: () => `/v1/quotas/${memberQuota}/payments`,
      body: () => ({ idempotencyKey: 'matrix-key-0001', amountCentavos: '1', paidOn: '2025-03-10' }),
      allowed: ['admin', 'operator'],
    },
    {
      name: "read the group's fund balances",
      method: 'GET',
      path: () => `/v1/groups/${groupId}/fund-balances`,
      allowed: ['admin', 'operator', 'auditor'],
    },
    {
      name: 'run a billing period',
      method: 'POST',
      path: () => `/v1/groups/${groupId}/billing-runs`,
      body: () => ({ period: 2, dueOn: '2025-04-10' }),
      allowed: ['admin', 'operator'],
    },
    {
      name: 'reconcile the books',
      method: 'POST',
      path: () => '/v1/ledger:reconcile',
      allowed: ['admin', 'operator', 'auditor'],
    },
    {
      name: 'create a platform user',
      method: 'POST',
      path: () => '/v1/auth/users',
      body: () => ({
        username: `u.${Math.random().toString(36).slice(2, 8)}`,
        password: 'a-long-test-password',
        roles: ['AUDITOR'],
      }),
      allowed: ['admin'],
    },
  ];

  for (const row of rows) {
    it(`${row.name}: ${row.allowed.join(', ')} allowed; others 403; anonymous 401`, async () => {
      for (const who of EVERYONE) {
        const expected: Verdict = row.allowed.includes(who) ? 'allowed' : who === 'anonymous' ? 401 : 403;
        assert.equal(await verdictOf(who, row.method, row.path(), row.body), expected, `${who} → ${row.name}`);
      }
    });
  }

  it('answers 401 to a tampered, an expired and a wrong-key token', async () => {
    const [head, body, sig] = tokens.member!.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${head}.${Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url')}.${sig}`;
    const expired = await p.signWithGatewayKey(['OPERATOR'], {
      ttlSeconds: 60,
      clock: new ControlledClock('2020-01-01T00:00:00Z'),
    });
    const wrongKey = await signAccessToken(
      { sub: 'intruder', roles: ['ADMIN'] },
      loadSigningKey(generateKeyPairPem().privateKeyPem),
      {
        ttlSeconds: 600,
        issuer: 'consorcio-gateway',
        audience: 'consorcio',
      },
    );
    for (const token of [tampered, expired, wrongKey]) {
      const r = await p.call('GET', `/v1/groups/${groupId}`, { token });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, 16);
    }
  });
});
