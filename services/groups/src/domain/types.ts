/**
 * The vocabulary of the groups domain: statuses, enums and the plain records the pure functions work on.
 * Money is bigint centavos, percentages bigint pct units (1 = 0.0001 %, 1_000_000n = 100 %), dates `YYYY-MM-DD`.
 * The string literals are the proto enum names without their prefix (`GROUP_STATUS_ACTIVE` → `'ACTIVE'`).
 */

/** A group's life: DRAFT → FORMING → ACTIVE → WINDING_UP → CLOSED, or FORMING → CANCELLED. */
export type GroupStatus = 'DRAFT' | 'FORMING' | 'ACTIVE' | 'WINDING_UP' | 'CLOSED' | 'CANCELLED';

/** Every group status, in lifecycle order. */
export const GROUP_STATUSES: readonly GroupStatus[] = [
  'DRAFT',
  'FORMING',
  'ACTIVE',
  'WINDING_UP',
  'CLOSED',
  'CANCELLED',
];

/**
 * The status of one quota record `(number, version)`. `AVAILABLE` is a seat's new version waiting for a buyer;
 * `ENROLLED` is sold and waiting for installment 1 (and the upfront fee), after which it becomes `ACTIVE`.
 */
export type QuotaStatus =
  | 'AVAILABLE'
  | 'ENROLLED'
  | 'ACTIVE'
  | 'DELINQUENT'
  | 'CONTEMPLATED'
  | 'CONTEMPLATED_DELINQUENT'
  | 'SETTLED'
  | 'EXCLUDED'
  | 'REFUND_AWARDED'
  | 'REFUNDED'
  | 'WITHDRAWN'
  | 'CLOSED';

/** Every quota status. */
export const QUOTA_STATUSES: readonly QuotaStatus[] = [
  'AVAILABLE',
  'ENROLLED',
  'ACTIVE',
  'DELINQUENT',
  'CONTEMPLATED',
  'CONTEMPLATED_DELINQUENT',
  'SETTLED',
  'EXCLUDED',
  'REFUND_AWARDED',
  'REFUNDED',
  'WITHDRAWN',
  'CLOSED',
];

/** The kind of asset a group's credit buys; it decides which guarantees are accepted. */
export type AssetCategory = 'VEHICLE' | 'REAL_ESTATE' | 'MOVABLE_OTHER' | 'SERVICES';

/** Every asset category. */
export const ASSET_CATEGORIES: readonly AssetCategory[] = ['VEHICLE', 'REAL_ESTATE', 'MOVABLE_OTHER', 'SERVICES'];

/** The index that updates the credit value once a year. */
export type AdjustmentIndex = 'INCC' | 'IPCA' | 'IGPM' | 'NONE';

/** Every adjustment index. */
export const ADJUSTMENT_INDEXES: readonly AdjustmentIndex[] = ['INCC', 'IPCA', 'IGPM', 'NONE'];

/** Where an enrollment was signed; off-premises sales (ONLINE, PHONE) have a 7-day cooling-off period (CDC art. 49). */
export type EnrollmentChannel = 'PREMISES' | 'ONLINE' | 'PHONE';

/** Every enrollment channel. */
export const ENROLLMENT_CHANNELS: readonly EnrollmentChannel[] = ['PREMISES', 'ONLINE', 'PHONE'];

/** Why a record left the group before contemplation. */
export type ExclusionReason = 'VOLUNTARY' | 'DELINQUENCY';

/** A person (CPF) or a company (CNPJ). */
export type MemberKind = 'PERSON' | 'COMPANY';

/** Every member kind. */
export const MEMBER_KINDS: readonly MemberKind[] = ['PERSON', 'COMPANY'];

/**
 * A group's parameters with every default filled in (domain.md §2.1). Fixed when the group is published;
 * only an extraordinary assembly changes them.
 */
export interface GroupParams {
  readonly assetCategory: AssetCategory;
  /** The credit value C_1 in centavos, > 0. */
  readonly creditValue: bigint;
  /** Number of seats N, 2..99 999. */
  readonly maxQuotas: number;
  /** Term T in months (periods, installments, assemblies), 6..240. */
  readonly termMonths: number;
  readonly adminFeeTotalPct: bigint;
  /** Part of the admin fee paid at enrollment, deducted from the spread fee (Law art. 27 §3). */
  readonly adminFeeUpfrontPct: bigint;
  readonly reserveFundTotalPct: bigint;
  readonly insuranceMonthlyPct: bigint;
  readonly adjustmentIndex: AdjustmentIndex;
  readonly drawsPerAssembly: number;
  readonly excludedDrawsPerAssembly: number;
  readonly extraDrawsWhenFundsRemain: boolean;
  readonly freeBidsEnabled: boolean;
  readonly fixedBidsEnabled: boolean;
  /** The fixed bid percentage; null exactly when fixed bids are disabled. */
  readonly fixedBidPct: bigint | null;
  readonly fixedBidSlotsPerAssembly: number;
  /** 0 disables embedded bids. */
  readonly embeddedBidMaxPct: bigint;
  /** 0 = limited only by the funds. */
  readonly maxBidContemplationsPerAssembly: number;
  readonly alternatesCount: number;
  readonly bidPaymentDeadlineBusinessDays: number;
  /** ≤ 2 % (CDC art. 52 §1). */
  readonly lateFinePct: bigint;
  readonly lateInterestMonthlyPct: bigint;
  readonly lateFeesGroupSharePct: bigint;
  /** Consecutive overdue installments that exclude a non-contemplated record, 1..3 (Res. 285). */
  readonly exclusionThreshold: number;
  readonly exclusionPenaltyPct: bigint;
  readonly transferFeePct: bigint;
  readonly transferFeeContemplatedPct: bigint;
  /** Share of the active quotas one member may hold (Res. 285: 10 %). */
  readonly maxQuotaSharePerMemberPct: bigint;
  readonly formationDeadlineDays: number;
  readonly minGuaranteeCoveragePct: bigint;
  readonly maxIncomeCommitmentPct: bigint;
  readonly creditCashOutDays: number;
  readonly unclaimedPermanenceFeePct: bigint;
  /** Nominal due day of each month's installment, 1..28 (so every month has it). */
  readonly dueDay: number;
}

/** A group as the lifecycle functions see it. Dates are `YYYY-MM-DD`, null until the step happened. */
export interface GroupState {
  readonly status: GroupStatus;
  readonly params: GroupParams;
  /** The credit value in force now (C_1 until an adjustment is applied). */
  readonly creditValueNow: bigint;
  /** Assemblies held so far (0 before the first). */
  readonly assembliesHeld: number;
  readonly publishedOn: string | null;
  readonly formationDeadline: string | null;
  readonly constitutedOn: string | null;
  /** Date of assembly T, or of the extraordinary assembly that voted the dissolution. */
  readonly lastAssemblyOn: string | null;
  readonly closingNoticesSentOn: string | null;
  /** Date the group was closed, or cancelled. */
  readonly closedOn: string | null;
  /** True when an extraordinary assembly dissolved the group before its term. */
  readonly dissolved: boolean;
}

/** One quota record: a seat number and its version, with the facts the quota rules need. */
export interface QuotaRecord {
  /** Seat 1..N. */
  readonly number: number;
  /** 1 for the first sale; +1 each time the seat is put up for resale. */
  readonly version: number;
  readonly status: QuotaStatus;
  /** Null while AVAILABLE. */
  readonly memberId: string | null;
  /** First period the record pays. */
  readonly enrolledAtPeriod: number | null;
  readonly channel: EnrollmentChannel | null;
  readonly enrolledOn: string | null;
  /** The group's assembliesHeld when the record was sold; the cooling-off rule compares against it. */
  readonly assembliesHeldAtEnrollment: number | null;
  readonly exclusionReason: ExclusionReason | null;
  readonly excludedOn: string | null;
}
