import type { Knex } from 'knex';

/** A payment as stored: one installment settled, with its late fees and their split. */
export interface StoredPayment {
  id: string;
  installmentId: string;
  quotaId: string;
  groupId: string;
  period: number;
  paidOn: string;
  amount: bigint;
  installmentTotal: bigint;
  lateFine: bigint;
  lateInterest: bigint;
  groupShare: bigint;
  adminShare: bigint;
  onTime: boolean;
  idempotencyKey: string;
  source: string;
}

interface PaymentRow {
  id: string;
  installment_id: string;
  quota_id: string;
  group_id: string;
  period: number;
  paid_on: string;
  amount: bigint;
  installment_total: bigint;
  late_fine: bigint;
  late_interest: bigint;
  group_share: bigint;
  admin_share: bigint;
  on_time: boolean;
  idempotency_key: string;
  source: string;
}

const TABLE = 'payments.payments';

function fromRow(r: PaymentRow): StoredPayment {
  return {
    id: r.id,
    installmentId: r.installment_id,
    quotaId: r.quota_id,
    groupId: r.group_id,
    period: r.period,
    paidOn: r.paid_on,
    amount: r.amount,
    installmentTotal: r.installment_total,
    lateFine: r.late_fine,
    lateInterest: r.late_interest,
    groupShare: r.group_share,
    adminShare: r.admin_share,
    onTime: r.on_time,
    idempotencyKey: r.idempotency_key,
    source: r.source,
  };
}

export async function paymentByKey(db: Knex | Knex.Transaction, key: string): Promise<StoredPayment | null> {
  const row = (await db(TABLE).where({ idempotency_key: key }).first()) as PaymentRow | undefined;
  return row ? fromRow(row) : null;
}

export async function insertPayment(trx: Knex.Transaction, p: StoredPayment): Promise<void> {
  await trx(TABLE).insert({
    id: p.id,
    installment_id: p.installmentId,
    quota_id: p.quotaId,
    group_id: p.groupId,
    period: p.period,
    paid_on: p.paidOn,
    amount: p.amount,
    installment_total: p.installmentTotal,
    late_fine: p.lateFine,
    late_interest: p.lateInterest,
    group_share: p.groupShare,
    admin_share: p.adminShare,
    on_time: p.onTime,
    idempotency_key: p.idempotencyKey,
    source: p.source,
  });
}

/** Σ of everything a record has paid, late fees included. */
export async function totalPaid(db: Knex, quotaId: string): Promise<bigint> {
  const [row] = await db(TABLE).where({ quota_id: quotaId }).sum<{ s: bigint | string | null }[]>('amount as s');
  return BigInt(row?.s ?? 0);
}
