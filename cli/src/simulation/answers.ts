/**
 * The parts of the REST API's ProtoJSON answers the simulation reads (lowerCamelCase, int64 as strings, enums by
 * name), typed once here rather than guessed at each call.
 */
export interface GroupAnswer {
  group: { groupId: string; status: string; constitutedOn: string };
}
export interface MemberAnswer {
  member: { memberId: string };
}
export interface QuotaAnswer {
  quota: { quotaId: string; number: number; status: string };
}
export interface QuotasPage {
  quotas: { quotaId: string; status: string }[];
  page?: { nextPageToken?: string };
}
export interface Installment {
  period: number;
  number: number;
  status: string;
  dueOn: string;
  effectiveDueOn: string;
  billed: { totalCentavos: string };
}
export interface InstallmentsPage {
  installments: Installment[];
  page?: { nextPageToken?: string };
}
export interface StatementAnswer {
  statement: { paidCentavos: string; overdue: { amountDueCentavos: string }[] };
}
export interface BalancesAnswer {
  balances: { commonFundCentavos: string; reserveFundCentavos: string };
}
export interface BillingAnswer {
  billed?: number;
  alreadyBilled?: number;
}
export interface AssemblyAnswer {
  assembly: { assemblyId: string; status: string };
}
export interface PublishedBid {
  bidId: string;
  bidPct: string;
  embeddedPct?: string;
  remaining: { fcPct: string; afPct: string; frPct: string };
}
export interface Minutes {
  period: number;
  creditValueCentavos: string;
  bids: PublishedBid[];
  contemplations: { type: string; number: number; bidId?: string }[];
}
export interface MinutesAnswer {
  minutes: Minutes;
}
export interface LettersAnswer {
  letters: { letterId: string; status: string; balanceCentavos: string }[];
}
export interface ReconcileAnswer {
  differences?: unknown[];
}
export interface VerifyAnswer {
  ok?: boolean;
  firstBadIndex?: string;
  problem?: string;
}
