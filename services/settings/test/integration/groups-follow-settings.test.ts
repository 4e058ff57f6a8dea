import assert from 'node:assert/strict';
import type { ServiceError } from '@grpc/grpc-js';
import type { SettingValue } from '@consorcio/shared/gen/consorcio/settings/v1/settings';
import { eventually } from '@consorcio/shared/harness';
import { demoParameters, startHarness, type Harness } from '../../../groups/test/integration/harness';
import { startSettingsHarness, type SettingsHarness } from './harness';

const FINE = 'groups.plan_defaults.late_fine_pct';
const int = (value: bigint): SettingValue => ({ kind: { $case: 'intValue', value } });

/**
 * Issue #12's test: a configuration change made by one operator and confirmed by another is seen by a running
 * service without a restart; one operator cannot confirm their own change.
 */
describe('a running groups service follows the settings service', function () {
  this.timeout(60_000);
  let s: SettingsHarness;
  let g: Harness;
  let n = 0;
  const createGroup = async (over: Parameters<typeof demoParameters>[0] = {}) => {
    const { group } = await g.api.createGroup({ code: `SET-${++n}`, parameters: demoParameters(over) });
    return group!.parameters!;
  };

  before(async () => {
    s = await startSettingsHarness();
    g = await startHarness('test', undefined, {
      exchange: s.exchange,
      settings: { address: s.service.grpc.address, bearerToken: () => s.serviceToken() },
    });
  });
  after(async () => {
    await g?.stop();
    await s?.stop();
  });

  it('applies a late fine confirmed by a second operator to new groups within seconds, without a restart', async () => {
    assert.equal((await createGroup()).lateFinePct, 20_000n, 'the catalogue default before any change');

    const { change } = await s.as('operator-a').proposeChange({ key: FINE, value: int(15_000n), reason: 'AGE 7' });
    const own = await s
      .as('operator-a')
      .confirmChange({ changeId: change!.changeId })
      .then(
        () => assert.fail('the maker confirmed their own change'),
        (err: ServiceError) => err,
      );
    assert.match(own.details, /^maker_checker: /);
    assert.equal((await createGroup()).lateFinePct, 20_000n, 'a proposal alone changes nothing');

    const confirmedAt = Date.now();
    await s.as('operator-b').confirmChange({ changeId: change!.changeId });
    let fine = 0n;
    await eventually(async () => (fine = (await createGroup()).lateFinePct ?? 0n) === 15_000n, 5_000);
    assert.equal(fine, 15_000n);
    assert.ok(Date.now() - confirmedAt < 5_000);

    // A plan that sets its own fine keeps it; the other defaults are untouched.
    const own5000 = await createGroup({ lateFinePct: 5_000n });
    assert.deepEqual([own5000.lateFinePct, own5000.lateInterestMonthlyPct], [5_000n, 10_000n]);

    const [row] = (await s.as('auditor', ['AUDITOR']).getHistory({ key: FINE })).changes;
    assert.deepEqual(
      [row?.oldValue, row?.newValue, row?.proposedBy, row?.confirmedBy, row?.version],
      [int(20_000n), int(15_000n), 'operator-a', 'operator-b', 1n],
    );
    assert.ok(row?.proposedAt && row.confirmedAt);
  });
});

describe('a groups service whose settings service is unreachable', function () {
  this.timeout(60_000);
  let g: Harness;
  after(async () => g?.stop());

  it('starts anyway and applies the catalogue defaults', async () => {
    const started = Date.now();
    g = await startHarness('test', undefined, {
      // Nothing listens on port 1: every load fails at once, and is retried in the background.
      settings: { address: '127.0.0.1:1', bearerToken: () => Promise.resolve('unused'), retryMs: 200 },
    });
    assert.ok(Date.now() - started < 15_000);
    const { group } = await g.api.createGroup({ code: 'SET-DOWN', parameters: demoParameters() });
    assert.deepEqual([group?.parameters?.lateFinePct, group?.parameters?.lateInterestMonthlyPct], [20_000n, 10_000n]);
  });
});
