import assert from 'node:assert/strict';
import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import {
  type GroupParams,
  type GroupParamsInput,
  type GroupState,
  type GroupStatus,
  type QuotaRecord,
  createGroupState,
  resolveGroupParams,
} from '../../../src/domain';

/** G-DEMO of domain.md §4.3: C = R$ 60.000,00, T = 72, N = 300, admin 18 %, reserve 2.4 %, insurance 0.038 %. */
export const DEMO_INPUT: GroupParamsInput = {
  assetCategory: 'VEHICLE',
  creditValue: 6_000_000n,
  maxQuotas: 300,
  termMonths: 72,
  adminFeeTotalPct: 180_000n,
  reserveFundTotalPct: 24_000n,
  insuranceMonthlyPct: 380n,
  adjustmentIndex: 'IPCA',
};

export const DEMO_PARAMS: GroupParams = resolveGroupParams(DEMO_INPUT);

export const ALL_GROUP_STATUSES: readonly GroupStatus[] = [
  'DRAFT',
  'FORMING',
  'ACTIVE',
  'WINDING_UP',
  'CLOSED',
  'CANCELLED',
];

/** A group in `status` with plausible dates for it; `overrides` win. */
export function groupIn(status: GroupStatus, overrides: Partial<GroupState> = {}): GroupState {
  const base = createGroupState(DEMO_PARAMS);
  const after = (s: GroupStatus[]): boolean => s.includes(status);
  return {
    ...base,
    status,
    publishedOn: after(['FORMING', 'ACTIVE', 'WINDING_UP', 'CLOSED', 'CANCELLED']) ? '2025-01-10' : null,
    formationDeadline: after(['FORMING', 'ACTIVE', 'WINDING_UP', 'CLOSED', 'CANCELLED']) ? '2025-04-10' : null,
    constitutedOn: after(['ACTIVE', 'WINDING_UP', 'CLOSED']) ? '2025-02-20' : null,
    assembliesHeld: after(['WINDING_UP', 'CLOSED']) ? 72 : 0,
    lastAssemblyOn: after(['WINDING_UP', 'CLOSED']) ? '2031-01-20' : null,
    closingNoticesSentOn: after(['CLOSED']) ? '2031-02-01' : null,
    closedOn: after(['CLOSED', 'CANCELLED']) ? '2031-04-01' : null,
    ...overrides,
  };
}

/** A quota record of seat 1, version 1, sold online on 2025-03-01 before any assembly; `overrides` win. */
export function quota(overrides: Partial<QuotaRecord> = {}): QuotaRecord {
  return {
    number: 1,
    version: 1,
    status: 'ACTIVE',
    memberId: 'm-1',
    enrolledAtPeriod: 1,
    channel: 'ONLINE',
    enrolledOn: '2025-03-01',
    assembliesHeldAtEnrollment: 0,
    exclusionReason: null,
    excludedOn: null,
    ...overrides,
  };
}

/** Asserts that `fn` throws a RuleViolation with `rule` whose message mentions every text in `mentions`. */
export function assertRule(fn: () => unknown, rule: string, mentions: readonly string[] = []): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof RuleViolation, `expected a RuleViolation, got ${String(err)}`);
    assert.equal(err.rule, rule);
    for (const text of mentions) assert.ok(err.message.includes(text), `"${err.message}" should mention "${text}"`);
    return true;
  });
}

/** Asserts that `fn` throws one ValidationError whose violations are exactly on `fields` (in any order). */
export function assertInvalid(fn: () => unknown, fields: readonly string[]): ValidationError {
  let caught: ValidationError | undefined;
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.deepEqual(err.violations.map((v) => v.field).sort(), [...fields].sort());
    caught = err;
    return true;
  });
  return caught as unknown as ValidationError;
}
