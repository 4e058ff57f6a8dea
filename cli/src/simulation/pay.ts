import type { Installment, InstallmentsPage, StatementAnswer } from './answers';
import type { SimContext, SimMember } from './context';

/** The record's installments, every page. */
export function installmentsOf(ctx: SimContext, quotaId: string): Promise<Installment[]> {
  return ctx.admin.listAll(`/v1/quotas/${quotaId}/installments`, (p: InstallmentsPage) => p.installments);
}

/**
 * Pays, on `on`, every installment of the record due by then, oldest first: an overdue one at the amount due that
 * day (late fine and interest included), the current one at its billed total. Answers how many were paid and how
 * many of them late. The idempotency key is the bank's reconciliation id: (record, installment, date).
 */
export async function payEverythingDue(
  ctx: SimContext,
  m: SimMember,
  on: string,
): Promise<{ paid: number; late: number; centavos: bigint }> {
  const result = { paid: 0, late: 0, centavos: 0n };
  const due = (await installmentsOf(ctx, m.quotaId))
    .filter((i) => i.status === 'INSTALLMENT_STATUS_OPEN' && i.dueOn <= on)
    .sort((a, b) => a.number - b.number);
  for (const open of due) {
    const late = open.effectiveDueOn < on;
    let amount = BigInt(open.billed.totalCentavos);
    if (late) {
      const { statement } = await ctx.admin.get<StatementAnswer>(`/v1/quotas/${m.quotaId}/statement?asOf=${on}`);
      const overdue = statement.overdue[0];
      // Nothing overdue any more: the record was excluded meanwhile (its installments cancelled). Stop paying.
      if (!overdue) return result;
      amount = BigInt(overdue.amountDueCentavos);
    }
    await ctx.admin.post(`/v1/quotas/${m.quotaId}/payments`, {
      idempotencyKey: `sim-${m.quotaId}-${open.number}-${on}`,
      amountCentavos: amount.toString(),
      paidOn: on,
    });
    result.paid++;
    result.centavos += amount;
    ctx.paidIn.centavos += amount;
    if (late) result.late++;
  }
  return result;
}
