import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '../../../src/errors';
import {
  decodeSettingValue,
  encodeSettingValue,
  requireSettingKey,
  SETTING_KEYS,
  SETTINGS_CATALOGUE,
  specOf,
  validateSettingValue,
  type IntegerSpec,
  type SettingKey,
} from '../../../src/settings';

const integerKeys = SETTING_KEYS.filter((k) => specOf(k).type !== 'BOOL' && specOf(k).type !== 'STRING');

function violation(fn: () => unknown): { field: string; rule: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    return err.violations[0]!;
  }
  assert.fail('expected a ValidationError');
}

describe('settings catalogue', () => {
  it('keeps every default inside its own bounds', () => {
    for (const key of SETTING_KEYS) assert.equal(validateSettingValue(key, specOf(key).default), specOf(key).default);
  });

  it('bounds INT and DURATION_SECONDS settings inside the safe integers (the cache reads them as numbers)', () => {
    for (const key of integerKeys) {
      const spec = specOf(key) as IntegerSpec;
      assert.ok(spec.min <= spec.max, key);
      if (spec.type === 'INT' || spec.type === 'DURATION_SECONDS')
        assert.ok(spec.max <= BigInt(Number.MAX_SAFE_INTEGER) && spec.min >= 0n, key);
    }
  });

  it('caps the late fine default at 2 % (CDC art. 52 §1) and the late interest at 1 % a month, both money', () => {
    const fine = SETTINGS_CATALOGUE['groups.plan_defaults.late_fine_pct'];
    const interest = SETTINGS_CATALOGUE['groups.plan_defaults.late_interest_monthly_pct'];
    assert.deepEqual([fine.default, fine.max, fine.affectsMoney], [20_000n, 20_000n, true]);
    assert.deepEqual([interest.default, interest.max, interest.affectsMoney], [10_000n, 10_000n, true]);
  });

  it('has the flags and limits the other services read, none of them affecting money', () => {
    assert.equal(specOf('notifications.sms.enabled').default, true);
    assert.equal(specOf('notifications.push.enabled').default, true);
    assert.equal(specOf('notifications.due_soon_days').default, 3n);
    assert.equal(specOf('documents.upload.max_bytes').default, 10n * 1024n * 1024n);
    assert.equal(specOf('reports.cache_ttl_seconds').default, 60n);
    for (const k of SETTING_KEYS.filter((k) => !k.startsWith('groups.'))) assert.equal(specOf(k).affectsMoney, false);
  });

  it('refuses an unknown key naming it and the field', () => {
    const v = violation(() => requireSettingKey('groups.plan_defaults.late_fee'));
    assert.equal(v.field, 'key');
    assert.match(v.rule, /unknown setting "groups\.plan_defaults\.late_fee"/);
  });

  it('refuses a late fine above 2 % naming the key, the bounds and the law', () => {
    const v = violation(() => validateSettingValue('groups.plan_defaults.late_fine_pct', 20_001n));
    assert.equal(v.field, 'value');
    assert.match(v.rule, /groups\.plan_defaults\.late_fine_pct must be an integer between 0 .* and 20000 \(2\.0000%\)/);
    assert.match(v.rule, /CDC art\. 52/);
  });

  it('refuses a value of the wrong type', () => {
    assert.match(violation(() => validateSettingValue('notifications.sms.enabled', 1n)).rule, /must be true or false/);
    assert.match(violation(() => validateSettingValue('documents.upload.max_bytes', true)).rule, /must be an integer/);
    assert.match(violation(() => validateSettingValue('reports.cache_ttl_seconds', '60')).rule, /must be an integer/);
  });

  it('accepts exactly the integers inside the bounds (property)', () => {
    const key = fc.constantFrom(...integerKeys);
    fc.assert(
      fc.property(key, fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n }), (k: SettingKey, v: bigint) => {
        const spec = specOf(k) as IntegerSpec;
        const inside = v >= spec.min && v <= spec.max;
        let accepted = true;
        try {
          validateSettingValue(k, v);
        } catch {
          accepted = false;
        }
        return accepted === inside;
      }),
    );
  });

  it('stores values as JSON text and reads them back unchanged (property)', () => {
    const valueFor = (k: SettingKey): fc.Arbitrary<boolean | bigint> => {
      const spec = specOf(k);
      if (spec.type === 'BOOL') return fc.boolean();
      if (spec.type === 'STRING') throw new Error('no STRING setting yet');
      return fc.bigInt({ min: spec.min, max: spec.max });
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...SETTING_KEYS).chain((k) => valueFor(k).map((v) => [k, v] as const)),
        ([k, v]) => decodeSettingValue(k, encodeSettingValue(k, v)) === v,
      ),
    );
    assert.equal(encodeSettingValue('groups.plan_defaults.late_fine_pct', 15_000n), '15000');
    assert.equal(encodeSettingValue('notifications.sms.enabled', true), 'true');
  });

  it('refuses stored text that is not a value of the key (a tightened bound, a wrong type)', () => {
    assert.throws(() => decodeSettingValue('groups.plan_defaults.late_fine_pct', '30000'), ValidationError);
    assert.throws(() => decodeSettingValue('groups.plan_defaults.late_fine_pct', '1.5'), ValidationError);
    assert.throws(() => decodeSettingValue('notifications.sms.enabled', '"yes"'), ValidationError);
    assert.throws(() => decodeSettingValue('notifications.sms.enabled', 'not json'), ValidationError);
  });
});
