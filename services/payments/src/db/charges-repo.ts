import type { Knex } from 'knex';
import type { ChargeMethodName } from '../provider/payment-provider';

/** A boleto or PIX charge issued for an installment. */
export interface StoredCharge {
  id: string;
  installmentId: string;
  quotaId: string;
  groupId: string;
  period: number;
  provider: string;
  method: ChargeMethodName;
  status: 'ISSUED' | 'PAID' | 'SUPERSEDED';
  amount: bigint;
  dueOn: string;
  barcode: string | null;
  digitableLine: string | null;
  pixPayload: string | null;
  txid: string;
  providerTransactionId: string | null;
  paymentId: string | null;
}

interface ChargeRow {
  id: string;
  installment_id: string;
  quota_id: string;
  group_id: string;
  period: number;
  provider: string;
  method: ChargeMethodName;
  status: StoredCharge['status'];
  amount: bigint;
  due_on: string;
  barcode: string | null;
  digitable_line: string | null;
  pix_payload: string | null;
  txid: string;
  provider_transaction_id: string | null;
  payment_id: string | null;
}

const TABLE = 'payments.charges';

function fromRow(r: ChargeRow): StoredCharge {
  return {
    id: r.id,
    installmentId: r.installment_id,
    quotaId: r.quota_id,
    groupId: r.group_id,
    period: r.period,
    provider: r.provider,
    method: r.method,
    status: r.status,
    amount: r.amount,
    dueOn: r.due_on,
    barcode: r.barcode,
    digitableLine: r.digitable_line,
    pixPayload: r.pix_payload,
    txid: r.txid,
    providerTransactionId: r.provider_transaction_id,
    paymentId: r.payment_id,
  };
}

/** The next "nosso número": unique and increasing across every charge. */
export async function nextChargeSequence(trx: Knex.Transaction): Promise<bigint> {
  const res = await trx.raw<{ rows: { n: bigint }[] }>(`select nextval('payments.charge_numbers') as n`);
  return BigInt((res.rows[0] as { n: bigint }).n);
}

/** Stores a new charge and supersedes the installment's earlier open ones (only the newest is payable). */
export async function insertCharge(trx: Knex.Transaction, c: StoredCharge): Promise<void> {
  await trx(TABLE).where({ installment_id: c.installmentId, status: 'ISSUED' }).update({ status: 'SUPERSEDED' });
  await trx(TABLE).insert({
    id: c.id,
    installment_id: c.installmentId,
    quota_id: c.quotaId,
    group_id: c.groupId,
    period: c.period,
    provider: c.provider,
    method: c.method,
    status: c.status,
    amount: c.amount,
    due_on: c.dueOn,
    barcode: c.barcode,
    digitable_line: c.digitableLine,
    pix_payload: c.pixPayload,
    txid: c.txid,
  });
}

export async function chargeByTxid(db: Knex | Knex.Transaction, txid: string): Promise<StoredCharge | null> {
  const row = (await db(TABLE).where({ txid }).first()) as ChargeRow | undefined;
  return row ? fromRow(row) : null;
}

export async function markChargePaid(
  trx: Knex.Transaction,
  id: string,
  providerTransactionId: string,
  paymentId: string,
): Promise<void> {
  await trx(TABLE)
    .where({ id })
    .update({ status: 'PAID', provider_transaction_id: providerTransactionId, payment_id: paymentId });
}
