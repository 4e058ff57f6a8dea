import type { Knex } from 'knex';
import { NotFoundError } from '@consorcio/shared/errors';
import type { Analysis, UsageRequest } from '@consorcio/shared/gen/consorcio/credit/v1/credit';
import type { QuotaRef } from '@consorcio/shared/gen/consorcio/events/v1/refs';
import type { LetterStatus } from '../domain';
import type { SellerColumns } from './seller-sealing';

/** A usage request as the `usage` jsonb holds it: the seller is not there, but sealed on its own columns. */
export type StoredUsage = Omit<UsageRequest, 'sellerName' | 'sellerDocument'>;

/** A credit letter as stored. */
export interface StoredLetter {
  id: string;
  groupId: string;
  quota: QuotaRef;
  memberId: string | null;
  status: LetterStatus;
  creditAmount: bigint;
  balance: bigint;
  released: bigint;
  yield: bigint;
  assetCosts: bigint;
  creditValueAtContemplation: bigint;
  contemplatedOn: string;
  usage: StoredUsage | null;
  /** The usage request's seller, sealed (open it with `openSeller` where an answer shows it). */
  seller: SellerColumns;
  analysis: Analysis | null;
}

interface LetterRow extends SellerColumns {
  id: string;
  group_id: string;
  quota_id: string;
  number: number;
  version: number;
  member_id: string | null;
  status: LetterStatus;
  credit_amount: bigint;
  balance: bigint;
  released: bigint;
  yield: bigint;
  asset_costs: bigint;
  credit_value_at_contemplation: bigint;
  contemplated_on: string;
  usage: StoredUsage | null;
  analysis: Analysis | null;
}

export const LETTERS = 'credit.letters';

/** jsonb text of a proto message: int64 fields as decimal strings (ProtoJSON's rule), read back with BigInt. */
const toJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

export function letterFromRow(r: LetterRow): StoredLetter {
  return {
    id: r.id,
    groupId: r.group_id,
    quota: { groupId: r.group_id, quotaId: r.quota_id, number: r.number, version: r.version },
    memberId: r.member_id,
    status: r.status,
    creditAmount: r.credit_amount,
    balance: r.balance,
    released: r.released,
    yield: r.yield,
    assetCosts: r.asset_costs,
    creditValueAtContemplation: r.credit_value_at_contemplation,
    contemplatedOn: r.contemplated_on,
    usage: r.usage,
    seller: {
      seller_name_enc: r.seller_name_enc,
      seller_document_enc: r.seller_document_enc,
      pii_key_id: r.pii_key_id,
      legacy_seller_name: r.legacy_seller_name,
      legacy_seller_document: r.legacy_seller_document,
    },
    analysis: r.analysis,
  };
}

export async function getLetter(db: Knex | Knex.Transaction, id: string): Promise<StoredLetter> {
  const row = await db(LETTERS).where({ id }).first<LetterRow | undefined>();
  if (!row) throw new NotFoundError('credit letter', id);
  return letterFromRow(row);
}

/** The letter under a row lock: its changes (releases above all) take turns. */
export async function lockLetter(trx: Knex.Transaction, id: string): Promise<StoredLetter> {
  const row = await trx(LETTERS).where({ id }).forUpdate().first<LetterRow | undefined>();
  if (!row) throw new NotFoundError('credit letter', id);
  return letterFromRow(row);
}

export async function saveLetter(
  trx: Knex.Transaction,
  id: string,
  patch: Partial<
    Pick<
      StoredLetter,
      'status' | 'balance' | 'released' | 'yield' | 'assetCosts' | 'usage' | 'seller' | 'analysis' | 'memberId'
    >
  >,
): Promise<void> {
  await trx(LETTERS)
    .where({ id })
    .update({
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.balance !== undefined ? { balance: patch.balance } : {}),
      ...(patch.released !== undefined ? { released: patch.released } : {}),
      ...(patch.yield !== undefined ? { yield: patch.yield } : {}),
      ...(patch.assetCosts !== undefined ? { asset_costs: patch.assetCosts } : {}),
      ...(patch.usage !== undefined ? { usage: toJson(patch.usage) } : {}),
      ...(patch.seller !== undefined ? patch.seller : {}),
      ...(patch.analysis !== undefined ? { analysis: toJson(patch.analysis) } : {}),
      ...(patch.memberId !== undefined ? { member_id: patch.memberId } : {}),
      updated_at: trx.fn.now(),
    });
}

export async function lettersOfMember(
  db: Knex,
  memberId: string,
  afterId: string,
  limit: number,
): Promise<StoredLetter[]> {
  const rows = await db(LETTERS)
    .where({ member_id: memberId })
    .andWhere('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .select<LetterRow[]>('*');
  return rows.map(letterFromRow);
}

/** A group's analysis limits and cash-out rule, from groups' events. */
export interface CreditGroup {
  id: string;
  status: string;
  termMonths: number;
  creditValue: bigint;
  maxIncomeCommitmentPct: bigint;
  minGuaranteeCoveragePct: bigint;
  creditCashOutDays: number;
  adjusts: boolean;
  dueDay: number;
  constitutedOn: string | null;
  lastAssemblyHeld: boolean;
}

export async function getCreditGroup(db: Knex | Knex.Transaction, id: string): Promise<CreditGroup> {
  const r = await db('credit.groups').where({ id }).first<Record<string, unknown> | undefined>();
  if (!r) throw new NotFoundError('group', id);
  return {
    id: r.id as string,
    status: r.status as string,
    termMonths: r.term_months as number,
    creditValue: r.credit_value as bigint,
    maxIncomeCommitmentPct: r.max_income_commitment_pct as bigint,
    minGuaranteeCoveragePct: r.min_guarantee_coverage_pct as bigint,
    creditCashOutDays: r.credit_cash_out_days as number,
    adjusts: r.adjusts as boolean,
    dueDay: r.due_day as number,
    constitutedOn: (r.constituted_on as string | null) ?? null,
    lastAssemblyHeld: r.last_assembly_held as boolean,
  };
}
