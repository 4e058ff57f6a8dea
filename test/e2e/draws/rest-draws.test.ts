import assert from 'node:assert/strict';
import { demoMinutesJson } from '../../../services/draws/test/fixtures/demo-minutes';
import { ADMIN, startPlatform, type Platform } from '../support/platform';

/** The assembly's public side through the REST API: the minutes anyone can verify. */
describe('REST through the gateway: verifying an assembly', function () {
  this.timeout(60_000);
  let p: Platform;
  let token: string;
  before(async () => {
    p = await startPlatform();
    token = await p.userToken(['MEMBER'], '01931c4e-0000-7000-8000-000000000001');
  });
  after(() => p?.stop());

  it('verifies G-DEMO assembly 11 from its ProtoJSON minutes, and names what a tampered copy changed', async () => {
    const ok = await p.call('POST', '/v1/assemblies:verify', { token, body: demoMinutesJson() });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body, { valid: true, mismatches: [] });
    const tampered = demoMinutesJson() as { minutes: { commonFundCentavos: string } };
    tampered.minutes.commonFundCentavos = '14300001';
    const bad = await p.call('POST', '/v1/assemblies:verify', { token, body: tampered });
    assert.equal(bad.body.valid, false);
    assert.ok((bad.body.mismatches as { field: string }[]).some((m) => m.field === 'snapshot_hash'));
  });

  it('answers an unknown assembly with 404 and an assembly run without an operator with 403', async () => {
    const admin = (await p.login(ADMIN.username, ADMIN.password)).accessToken;
    const unknown = await p.call('GET', '/v1/assemblies/01931c4e-0000-7000-8000-00000000abcd', { token: admin });
    assert.equal(unknown.status, 404);
    const run = await p.call('POST', '/v1/assemblies/01931c4e-0000-7000-8000-00000000abcd:run', { token, body: {} });
    assert.equal(run.status, 403);
  });
});
