import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { DocumentGenerated } from '@consorcio/shared/gen/consorcio/events/v1/documents_events';
import { until } from '../../../cli/src/simulation/context';
import { formGroup, type GroupMember, type MonthsGroup } from '../support/months';
import { ADMIN, DEMO_PARAMETERS, startPlatform, type Platform } from '../support/platform';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** A PDF by its bytes (the documents service checks the signature), `size` bytes long, different each time. */
const pdfOf = (size: number) =>
  Buffer.concat([Buffer.from('%PDF-1.7\n%'), randomBytes(size - 16), Buffer.from('\n%%EOF')]);
/** A document and an audit entry as the REST API answers them (ProtoJSON). */
interface Doc {
  documentId: string;
  subjectId: string;
  groupId: string;
  name: string;
  sha256: string;
}
interface Entry {
  content: { eventType: string; payload: string };
}
const FINE = 'groups.plan_defaults.late_fine_pct';
const MAX_BYTES = 'documents.upload.max_bytes';

/**
 * Documents and settings on the running platform, through REST only: a member's upload comes back byte for byte,
 * their adhesion contract is generated and hashed into the audit log, and settings changed by operators (money ones
 * by two of them) reach the running services without a restart.
 */
describe('REST through the gateway: documents and settings', function () {
  this.timeout(180_000);
  let p: Platform;
  let g: MonthsGroup;
  let admin: string;
  let dora: GroupMember;
  let edu: GroupMember;
  let groups = 0;

  const upload = async (m: GroupMember, name: string, body: Buffer, type = 'application/pdf') => {
    const query = `kind=DOCUMENT_KIND_IDENTITY&sha256=${sha256(body)}`;
    const res = await fetch(`${p.url}/v1/members/${m.memberId}/documents/${name}?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${m.token}`, 'content-type': type },
      body,
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ProtoJSON
    return { status: res.status, body: (await res.json()) as any };
  };
  const download = async (documentId: string, token: string) => {
    const res = await fetch(`${p.url}/v1/documents/${documentId}/content`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, type: res.headers.get('content-type'), data: Buffer.from(await res.arrayBuffer()) };
  };
  /** A group created through REST whose plan leaves the late fine to the settings in force. */
  const newGroupFine = async () => {
    const r = await p.call('POST', '/v1/groups', {
      token: admin,
      body: { code: `G-FINE-${++groups}`, parameters: DEMO_PARAMETERS },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.group.parameters.lateFinePct as string;
  };

  before(async () => {
    p = await startPlatform();
    admin = (await p.login(ADMIN.username, ADMIN.password)).accessToken;
    g = await formGroup(p, { code: 'G-DOCS' });
    [dora, edu] = g.members as [GroupMember, GroupMember];
  });
  after(() => p?.stop());

  it('gives a member back their identity PDF byte for byte, and only to them and staff', async () => {
    const pdf = pdfOf(2_000);
    const up = await upload(dora, 'rg-frente.pdf', pdf);
    assert.equal(up.status, 200, JSON.stringify(up.body));
    const doc = up.body.document;
    assert.deepEqual(
      [doc.kind, doc.ownerMemberId, doc.sha256, doc.sizeBytes, doc.version],
      ['DOCUMENT_KIND_IDENTITY', dora.memberId, sha256(pdf), '2000', 1],
    );
    const back = await download(doc.documentId, dora.token);
    assert.equal(back.status, 200);
    assert.equal(back.type, 'application/pdf');
    assert.equal(sha256(back.data), sha256(pdf), 'the same bytes');
    assert.ok(back.data.equals(pdf));
    assert.equal((await download(doc.documentId, edu.token)).status, 403, 'another member');
    assert.equal((await download(doc.documentId, admin)).status, 200, 'an admin');
  });

  it('refuses a forbidden type and a body that is not what it claims (400 naming the field)', async () => {
    const html = await upload(dora, 'pagina.html', Buffer.from('<html><body>oi</body></html>'), 'text/html');
    assert.equal(html.status, 400, JSON.stringify(html.body));
    assert.match(html.body.message, /body\.content_type: must be application\/pdf, image\/jpeg or image\/png/);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
    const disguised = await upload(dora, 'foto.pdf', png);
    assert.equal(disguised.status, 400);
    assert.match(disguised.body.message, /body\.data: the bytes are not application\/pdf/);
    const list = await p.call('GET', `/v1/documents?ownerMemberId=${dora.memberId}&kind=DOCUMENT_KIND_IDENTITY`, {
      token: dora.token,
    });
    assert.equal(list.body.documents.length, 1, 'nothing refused was stored');
  });

  it('lists the member’s generated adhesion contract, downloads it as a PDF, and logs its hash', async () => {
    const listed = await until('the adhesion contract generated', async () => {
      const r = await p.call(
        'GET',
        `/v1/documents?ownerMemberId=${dora.memberId}&kind=DOCUMENT_KIND_ADHESION_CONTRACT`,
        { token: dora.token },
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const docs = (r.body.documents ?? []) as Doc[]; // left out while empty
      return docs.length > 0 && docs;
    });
    assert.equal(listed.length, 1);
    const contract = listed[0]!;
    assert.equal(contract.subjectId, dora.quotaId);
    assert.equal(contract.groupId, g.groupId);
    assert.match(contract.name, /^contrato-adesao-G-DOCS-/);
    const file = await download(contract.documentId, dora.token);
    assert.equal(file.status, 200);
    assert.equal(file.type, 'application/pdf');
    assert.equal(file.data.subarray(0, 5).toString(), '%PDF-');
    assert.equal(sha256(file.data), contract.sha256);

    // The audit log holds the generation, carrying the same hash.
    const entries = await until('the generation in the audit log', async () => {
      const r = await p.call('GET', `/v1/audit/entries?aggregateId=${contract.documentId}`, { token: admin });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const found = (r.body.entries ?? []) as Entry[];
      return found.length > 0 && found;
    });
    const generated = entries.filter((e) => e.content.eventType === 'documents.document.generated');
    assert.equal(generated.length, 1);
    const event = DocumentGenerated.decode(Buffer.from(generated[0]!.content.payload, 'base64'));
    assert.deepEqual(
      [event.documentId, event.sha256, event.subjectId, event.groupId],
      [contract.documentId, contract.sha256, dora.quotaId, g.groupId],
    );
  });

  it('applies a late fine proposed by one operator and confirmed by another to new groups, without a restart', async () => {
    const [maker, checker] = [await p.userToken(['OPERATOR']), await p.userToken(['OPERATOR'])];
    assert.equal(await newGroupFine(), '20000', 'the catalogue default');
    const direct = await p.call('PUT', `/v1/settings/${FINE}`, {
      token: maker,
      body: { value: { intValue: '15000' }, reason: 'sem segundo operador' },
    });
    assert.equal(direct.status, 400, JSON.stringify(direct.body));
    assert.match(direct.body.message, /maker_checker_required/);

    const proposed = await p.call('POST', `/v1/settings/${FINE}/proposals`, {
      token: maker,
      body: { value: { intValue: '15000' }, reason: 'AGE 7: multa de 1,5 %' },
    });
    assert.equal(proposed.status, 200, JSON.stringify(proposed.body));
    const changeId = proposed.body.change.changeId as string;
    const own = await p.call('POST', `/v1/setting-changes/${changeId}:confirm`, { token: maker, body: {} });
    // FAILED_PRECONDITION, which the gateway answers 400 (grpc-gateway's table).
    assert.equal(own.status, 400, JSON.stringify(own.body));
    assert.match(own.body.message, /^maker_checker: /);
    assert.equal(await newGroupFine(), '20000', 'a proposal alone changes nothing');

    const confirmed = await p.call('POST', `/v1/setting-changes/${changeId}:confirm`, { token: checker, body: {} });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const at = Date.now();
    await until('a new group with the confirmed fine', async () => (await newGroupFine()) === '15000', 5_000);
    assert.ok(Date.now() - at < 5_000);
    // The history names the operators: auditors read it, members do not.
    assert.equal((await p.call('GET', `/v1/settings/${FINE}/history`, { token: dora.token })).status, 403);
    const auditor = await p.userToken(['AUDITOR']);
    const history = await p.call('GET', `/v1/settings/${FINE}/history`, { token: auditor });
    assert.equal(history.status, 200, JSON.stringify(history.body));
    const [row] = history.body.changes;
    assert.deepEqual([row.newValue, row.version], [{ intValue: '15000' }, '1']);
    assert.notEqual(row.proposedBy, row.confirmedBy);
  });

  it('lowers the upload limit for the running documents service with a direct change', async () => {
    const pdf = pdfOf(2_000);
    const operator = await p.userToken(['OPERATOR']);
    const member = await p.call('PUT', `/v1/settings/${MAX_BYTES}`, {
      token: dora.token,
      body: { value: { intValue: '1024' }, reason: 'eu quero' },
    });
    assert.equal(member.status, 403, 'a member changes no setting');
    const put = await p.call('PUT', `/v1/settings/${MAX_BYTES}`, {
      token: operator,
      body: { value: { intValue: '1024' }, reason: 'armazenamento' },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const refused = await until(
      'an upload over the new limit refused',
      async () => {
        const r = await upload(edu, 'cnh.pdf', pdf);
        return r.status === 400 && r;
      },
      5_000,
    );
    assert.match(refused.body.message, /^body: must be at most 1024 bytes \(it has 2000\)/);
    const small = await upload(edu, 'cnh-pequena.pdf', pdfOf(1_000));
    assert.equal(small.status, 200, JSON.stringify(small.body));
  });
});
