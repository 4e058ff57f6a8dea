import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from '@consorcio/shared/db';
import { eventually } from '@consorcio/shared/harness';
import { infraUrls } from '@consorcio/shared/testing';
import { ADMIN, DEMO_PARAMETERS, startPlatform, type Platform } from '../support/platform';

const CLI = path.resolve(__dirname, '../../../cli/bin/consorcio');
const PEOPLE = [
  { document: '52998224725', name: 'Maria Auditada', email: 'maria@example.com' },
  { document: '11144477735', name: 'José Conferente', email: 'jose@example.com' },
];

/** Every 11-digit run and every formatted CPF whose check digits are right. */
function cpfsIn(text: string): string[] {
  const found = [...text.matchAll(/(?<![0-9])(\d{3})\.?(\d{3})\.?(\d{3})-?(\d{2})(?![0-9])/g)].map((m) =>
    m.slice(1, 5).join(''),
  );
  return found.filter((cpf) => {
    const d = [...cpf].map(Number);
    const check = (n: number) => {
      const sum = d.slice(0, n).reduce((s, x, i) => s + x * (n + 1 - i), 0);
      return ((sum * 10) % 11) % 10;
    };
    return !/^(\d)\1{10}$/.test(cpf) && check(9) === d[9] && check(10) === d[10];
  });
}

/** The audit log through the REST API: every event of the platform lands in it, and a member checks it offline. */
describe('REST through the gateway: the audit log of a running platform', function () {
  this.timeout(120_000);
  let p: Platform;
  let admin: string;
  const db = createDb({ url: infraUrls('test').databaseUrl, applicationName: 'e2e-audit' });
  let quotaId: string;
  let memberToken: string;

  before(async () => {
    p = await startPlatform();
    admin = (await p.login(ADMIN.username, ADMIN.password)).accessToken;
    const g = await p.call('POST', '/v1/groups', {
      token: admin,
      body: { code: 'G-AUD', parameters: DEMO_PARAMETERS },
    });
    const groupId = g.body.group.groupId as string;
    await p.call('POST', `/v1/groups/${groupId}:publish`, { token: admin, body: {} });
    for (const person of PEOPLE) {
      const m = await p.call('POST', '/v1/members', { token: admin, body: { kind: 'MEMBER_KIND_PERSON', ...person } });
      assert.equal(m.status, 200, JSON.stringify(m.body));
      const q = await p.call('POST', `/v1/groups/${groupId}/quotas`, {
        token: admin,
        body: { memberId: m.body.member.memberId, channel: 'ENROLLMENT_CHANNEL_PREMISES', insuranceOptIn: true },
      });
      assert.equal(q.status, 200, JSON.stringify(q.body));
      quotaId = q.body.quota.quotaId;
      memberToken = await p.userToken(['MEMBER'], m.body.member.memberId);
    }
    // Reading a member's personal data is itself an audited event (LGPD).
    await p.call('GET', `/v1/quotas/${quotaId}/installments`, { token: memberToken });
  });
  after(async () => {
    await p?.stop();
    await db.destroy();
  });

  /** Every event the services put in their outboxes (audit's own excepted). */
  async function emitted(): Promise<string[]> {
    const res = await db.raw<{ rows: { event_id: string }[] }>(
      ['groups', 'payments', 'draws', 'credit', 'documents', 'settings']
        .map((s) => `select event_id from ${s}.outbox`)
        .join(' union all '),
    );
    return res.rows.map((r) => r.event_id).sort();
  }

  it('logs every event emitted, once: as many entries as events', async () => {
    await eventually(async () => {
      const sent = await emitted();
      const res = await db.raw<{ rows: { event_id: string }[] }>('select event_id from audit.entries');
      return sent.length > 0 && JSON.stringify(sent) === JSON.stringify(res.rows.map((r) => r.event_id).sort());
    }, 30_000);
    const types = await db.raw<{ rows: { event_type: string }[] }>('select distinct event_type from audit.entries');
    const logged = types.rows.map((r) => r.event_type);
    for (const t of [
      'groups.group.created',
      'groups.quota.enrolled',
      'payments.installment.billed',
      'payments.journal.posted',
    ]) {
      assert.ok(logged.includes(t), `${t} is logged (logged: ${logged.join(', ')})`);
    }
  });

  it('holds no personal data: no CPF, name or e-mail in any entry', async () => {
    const res = await db.raw<{ rows: { leaf: Buffer }[] }>('select leaf from audit.entries');
    assert.ok(res.rows.length > 5);
    for (const { leaf } of res.rows) {
      const text = leaf.toString('latin1');
      assert.deepEqual(cpfsIn(text), []);
      for (const person of PEOPLE) {
        assert.ok(!text.includes(person.name) && !leaf.toString('utf8').includes(person.name), 'no name');
        assert.ok(!text.includes(person.email), 'no e-mail');
      }
    }
    assert.deepEqual(cpfsIn('x52998224725y 111.444.777-35'), ['52998224725', '11144477735'], 'the scan finds CPFs');
  });

  it('lets a member fetch a proof about their quota and verify it offline with the CLI', async () => {
    const list = await p.call('GET', `/v1/audit/entries?aggregateId=${quotaId}`, { token: memberToken });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const index = Number(list.body.entries[0].leafIndex);
    await eventually(async () => {
      const c = await p.call('GET', '/v1/audit/checkpoints/latest', { token: memberToken });
      return c.status === 200 && Number(c.body.checkpoint.treeSize) > index;
    }, 20_000);
    const proof = await p.call('GET', `/v1/audit/entries/${index}/inclusion-proof`, { token: memberToken });
    assert.equal(proof.status, 200, JSON.stringify(proof.body));
    const key = await p.call('GET', '/v1/audit/public-key', { token: memberToken });
    const dir = mkdtempSync(path.join(tmpdir(), 'e2e-audit-'));
    writeFileSync(path.join(dir, 'proof.json'), JSON.stringify(proof.body));
    writeFileSync(path.join(dir, 'log.vkey'), key.body.verifierKey);
    const r = spawnSync(
      process.execPath,
      [CLI, 'audit', 'verify', 'inclusion', path.join(dir, 'proof.json'), '--key', path.join(dir, 'log.vkey')],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`^OK entry ${index} \\(groups\\.quota\\.enrolled`));
    const other = await p.call('GET', '/v1/audit/entries', { token: memberToken });
    assert.equal(other.status, 403);
  });

  it('answers an auditor’s verification of the whole log', async () => {
    const auditor = await p.userToken(['AUDITOR']);
    const v = await p.call('POST', '/v1/audit:verify', { token: auditor, body: {} });
    assert.equal(v.status, 200, JSON.stringify(v.body));
    assert.equal(v.body.ok, true, v.body.problem);
    assert.ok(Number(v.body.entriesChecked) > 5);
  });
});
