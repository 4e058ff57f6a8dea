import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkPlan } from '../src/plan';

const EXAMPLE = JSON.parse(readFileSync(path.join(__dirname, '../examples/plan.json'), 'utf8')) as {
  code: string;
  parameters: Record<string, unknown>;
};
const withParameters = (changes: Record<string, unknown>) => ({
  code: 'G-1',
  parameters: { ...EXAMPLE.parameters, ...changes },
});
const paths = (json: unknown) => checkPlan(json).problems.map((p) => p.path);

describe('cli: the group plan file', () => {
  it('accepts the example plan as it is, parameters untouched', () => {
    const { plan, problems } = checkPlan(EXAMPLE);
    assert.deepEqual(problems, []);
    assert.equal(plan?.code, 'G-DEMO');
    assert.deepEqual(plan?.parameters, EXAMPLE.parameters);
  });

  it('refuses what is not a plan, and unknown or missing top-level fields', () => {
    assert.deepEqual(paths([]), ['$']);
    assert.deepEqual(paths({ parameters: EXAMPLE.parameters, name: 'x' }), ['$.name', '$.code']);
    assert.deepEqual(paths({ code: 'G-1' }), ['$.parameters']);
    assert.deepEqual(paths({ code: 'G 1!', parameters: 3 }), ['$.code', '$.parameters']);
  });

  it('checks each ProtoJSON type: int64 as digits, int32 whole, booleans, enums by full name', () => {
    const { problems } = checkPlan(
      withParameters({
        creditValueCentavos: '60.000,00',
        maxQuotas: 'many',
        freeBidsEnabled: 'true',
        assetCategory: 'VEHICLE',
      }),
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      [
        '$.parameters.assetCategory',
        '$.parameters.creditValueCentavos',
        '$.parameters.maxQuotas',
        '$.parameters.freeBidsEnabled',
      ],
    );
    assert.match(problems[0]!.problem, /ASSET_CATEGORY_VEHICLE/);
  });

  it('names an unknown parameter and suggests the field meant; takes proto names too', () => {
    const { problems } = checkPlan(withParameters({ termmonths: 72, late_fine_pct: '10000' }));
    assert.deepEqual(problems, [
      { path: '$.parameters.termmonths', problem: 'unknown field (did you mean termMonths?)' },
    ]);
    assert.deepEqual(paths(withParameters({ term_months: 72 })), ['$.parameters.term_months']); // given twice
  });

  it('applies the groups service’s own value rules, at the path the value was written', () => {
    const { problems } = checkPlan(
      withParameters({ termMonths: 300, adminFeeUpfrontPct: '200000', fixedBidPct: '100000', dueDay: 31 }),
    );
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      '$.parameters.adminFeeUpfrontPct',
      '$.parameters.dueDay',
      '$.parameters.fixedBidPct',
      '$.parameters.termMonths',
    ]);
    const { adminFeeTotalPct: _, ...noFee } = EXAMPLE.parameters;
    assert.deepEqual(checkPlan({ code: 'G-1', parameters: noFee }).problems, [
      { path: '$.parameters.adminFeeTotalPct', problem: 'is required' },
    ]);
  });

  it('reports a bad type once, not again as a missing value', () => {
    assert.deepEqual(paths(withParameters({ adminFeeTotalPct: 18.5 })), ['$.parameters.adminFeeTotalPct']);
  });
});
