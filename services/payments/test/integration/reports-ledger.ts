import type { Knex } from 'knex';

/** A group's figures computed straight from the journal, installments and payments (independently of the views). */
export interface LedgerFigures {
  bank: bigint;
  receivable: bigint;
  commonFund: bigint;
  reserveFund: bigint;
  creditsPayable: bigint;
  adminFeePayable: bigint;
  insurancePayable: bigint;
  /** Σ BANK debits of E3 entries (installments paid) and of E4 entries (late fees). */
  bankFromInstallments: bigint;
  bankFromLateFees: bigint;
  /** Σ INSTALLMENTS_RECEIVABLE debits of E2 entries: every installment billed. */
  billedE2: bigint;
  /** Σ amount of the payments table. */
  paymentsAmount: bigint;
  /** Σ billed total of open installments past their effective due date on asOf. */
  overdue: bigint;
}

export async function ledger(db: Knex, groupId: string, asOf: string): Promise<LedgerFigures> {
  const balances = await db.raw<{ rows: { account: string; debit: string; credit: string }[] }>(
    `select l.account, sum(l.debit) as debit, sum(l.credit) as credit
       from payments.journal_lines l join payments.journal_entries e on e.id = l.entry_id
      where e.book = 'GROUP' and e.group_id = ? group by l.account`,
    [groupId],
  );
  const net = (account: string, debitNormal: boolean) => {
    const r = balances.rows.find((x) => x.account === account);
    if (!r) return 0n;
    const d = BigInt(r.debit);
    const c = BigInt(r.credit);
    return debitNormal ? d - c : c - d;
  };
  const byKind = async (kind: string, account: string) => {
    const r = await db.raw<{ rows: { s: string | null }[] }>(
      `select sum(l.debit) as s from payments.journal_lines l join payments.journal_entries e on e.id = l.entry_id
        where e.book = 'GROUP' and e.group_id = ? and e.kind = ? and l.account = ?`,
      [groupId, kind, account],
    );
    return BigInt(r.rows[0]?.s ?? 0);
  };
  const scalar = async (sql: string, args: unknown[]) => {
    const r = await db.raw<{ rows: { s: string | null }[] }>(sql, args as Knex.RawBinding[]);
    return BigInt(r.rows[0]?.s ?? 0);
  };
  return {
    bank: net('BANK', true),
    receivable: net('INSTALLMENTS_RECEIVABLE', true),
    commonFund: net('COMMON_FUND', false),
    reserveFund: net('RESERVE_FUND', false),
    creditsPayable: net('CREDITS_PAYABLE', false),
    adminFeePayable: net('ADMIN_FEE_PAYABLE', false),
    insurancePayable: net('INSURANCE_PAYABLE', false),
    bankFromInstallments: await byKind('E3', 'BANK'),
    bankFromLateFees: await byKind('E4', 'BANK'),
    billedE2: await byKind('E2', 'INSTALLMENTS_RECEIVABLE'),
    paymentsAmount: await scalar('select sum(amount) as s from payments.payments where group_id = ?', [groupId]),
    overdue: await scalar(
      `select sum(billed_total) as s from payments.installments
        where group_id = ? and status = 'OPEN' and effective_due_on < ?`,
      [groupId, asOf],
    ),
  };
}

/** The aging computed in SQL: open installments by days past the effective due date. */
export async function overdueByBucket(
  db: Knex,
  groupId: string,
  asOf: string,
): Promise<{ label: string; installments: number; amount: bigint }[]> {
  const r = await db.raw<{ rows: { label: string; n: string; s: string | null }[] }>(
    `with b(label, lo, hi, ord) as (values ('1-30 days', 1, 30, 1), ('31-60 days', 31, 60, 2),
        ('61-90 days', 61, 90, 3), ('91-180 days', 91, 180, 4), ('over 180 days', 181, 1000000, 5))
     select b.label, count(i.id) as n, sum(i.billed_total) as s
       from b left join payments.installments i
         on i.group_id = ? and i.status = 'OPEN' and (?::date - i.effective_due_on) between b.lo and b.hi
      group by b.label, b.ord order by b.ord`,
    [groupId, asOf],
  );
  return r.rows.map((x) => ({ label: x.label, installments: Number(x.n), amount: BigInt(x.s ?? 0) }));
}
