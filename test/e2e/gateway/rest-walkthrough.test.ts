import assert from 'node:assert/strict';
import { ADMIN, DEMO_PARAMETERS, startPlatform, type Platform } from '../support/platform';

describe('REST through the gateway: the README walk-through', () => {
  let p: Platform;
  let token: string;
  before(async () => {
    p = await startPlatform();
    token = (await p.login(ADMIN.username, ADMIN.password)).accessToken;
  });
  after(() => p.stop());

  let groupId: string;
  let memberId: string;

  it('creates a group from ProtoJSON (int64 as strings, enums by name) and answers it the same way', async () => {
    const r = await p.call('POST', '/v1/groups', { token, body: { code: 'G-REST', parameters: DEMO_PARAMETERS } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    groupId = r.body.group.groupId;
    assert.equal(r.body.group.status, 'GROUP_STATUS_DRAFT');
    assert.equal(r.body.group.currentCreditValueCentavos, '6000000');
    assert.equal(r.body.group.parameters.lateFinePct, '20000');
    assert.match(r.body.group.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it('publishes it through a custom verb and reads it back by path variable', async () => {
    assert.equal((await p.call('POST', `/v1/groups/${groupId}:publish`, { token, body: {} })).status, 200);
    const r = await p.call('GET', `/v1/groups/${groupId}`, { token });
    assert.equal(r.status, 200);
    assert.equal(r.body.group.status, 'GROUP_STATUS_FORMING');
  });

  it('enrolls a member once per Idempotency-Key and lists the quota back', async () => {
    const m = await p.call('POST', '/v1/members', {
      token,
      body: { kind: 'MEMBER_KIND_PERSON', document: '529.982.247-25', name: 'Maria Souza', email: 'maria@example.com' },
    });
    assert.equal(m.status, 200, JSON.stringify(m.body));
    memberId = m.body.member.memberId;
    assert.equal(m.body.member.documentMasked, '***.982.247-**');
    const enroll = () =>
      p.call('POST', `/v1/groups/${groupId}/quotas`, {
        token,
        headers: { 'idempotency-key': 'walkthrough-0001' },
        body: { memberId, channel: 'ENROLLMENT_CHANNEL_PREMISES' },
      });
    const first = await enroll();
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.quota.display, '001-1');
    const again = await enroll();
    assert.equal(again.body.quota.quotaId, first.body.quota.quotaId);
    const list = await p.call('GET', `/v1/groups/${groupId}/quotas?page.pageSize=10&status=QUOTA_STATUS_ENROLLED`, {
      token,
    });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.quotas.map((q: { display: string }) => q.display),
      ['001-1'],
    );
  });

  it('answers a domain refusal with the mapped status and a body naming the field', async () => {
    const bad = await p.call('POST', '/v1/groups', {
      token,
      body: { code: 'G-BAD', parameters: { ...DEMO_PARAMETERS, creditValueCentavos: '-1' } },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 3);
    assert.match(bad.body.message, /parameters\.credit_value_centavos/);
    assert.equal(bad.body.details[0]['@type'], 'type.googleapis.com/google.rpc.BadRequest');
    const full = await p.call('POST', `/v1/groups/${groupId}:close`, { token, body: {} });
    assert.equal(full.status, 400, 'FAILED_PRECONDITION is 400, as grpc-gateway maps it');
    assert.equal(full.body.code, 9);
    const missing = await p.call('GET', '/v1/groups/0190a1b2-0000-7000-8000-000000000000', { token });
    assert.equal(missing.status, 404);
    const dup = await p.call('POST', '/v1/groups', { token, body: { code: 'G-REST', parameters: DEMO_PARAMETERS } });
    assert.equal(dup.status, 409);
  });

  it('refuses wrong JSON types, malformed JSON and oversized bodies naming the problem', async () => {
    const wrongType = await p.call('POST', '/v1/groups', {
      token,
      body: { code: 'G-X', parameters: { ...DEMO_PARAMETERS, creditValueCentavos: '12.5' } },
    });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.body.message, /credit_value_centavos|creditValueCentavos/);
    const malformed = await p.call('POST', '/v1/groups', { token, body: '{"code": ' });
    assert.equal(malformed.status, 400);
    assert.match(malformed.body.message, /^body: malformed JSON/);
    const huge = await p.call('POST', '/v1/groups', { token, body: { code: 'x'.repeat(10_000) } });
    assert.equal(huge.status, 413);
  });

  it('answers 404 for an unknown route and 405 with Allow for a wrong method', async () => {
    const unknown = await p.call('GET', '/v1/nothing-here', { token });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 5);
    const wrong = await p.call('DELETE', `/v1/groups/${groupId}`, { token });
    assert.equal(wrong.status, 405);
    assert.match(wrong.headers.get('allow') ?? '', /GET/);
  });

  it('echoes or makes a correlation id, sets security headers, and answers CORS only for allowed origins', async () => {
    const r = await p.call('GET', `/v1/groups/${groupId}`, {
      token,
      headers: { 'x-correlation-id': 'walkthrough-corr-1' },
    });
    assert.equal(r.headers.get('x-correlation-id'), 'walkthrough-corr-1');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    const made = await p.call('GET', '/healthz');
    assert.match(made.headers.get('x-correlation-id') ?? '', /^[0-9a-f-]{36}$/);
    const allowed = await p.call('OPTIONS', '/v1/groups', {
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example');
    const other = await p.call('GET', '/healthz', { headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('reports health, readiness of every routed service, the OpenAPI document and the docs page', async () => {
    assert.equal((await p.call('GET', '/healthz')).status, 200);
    const ready = await p.call('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.services[0].status, 'SERVING');
    const doc = await p.call('GET', '/openapi.json');
    assert.equal(doc.body.openapi.slice(0, 3), '3.1');
    assert.ok(doc.body.paths['/v1/groups/{group_id}:publish']);
    assert.ok(doc.body.paths['/v1/auth/login']);
    const page = await fetch(`${p.url}/docs`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /swagger-ui-bundle\.js/);
    const init = await fetch(`${p.url}/docs/swagger-initializer.js`);
    assert.match(await init.text(), /\/openapi\.json/);
  });
});
