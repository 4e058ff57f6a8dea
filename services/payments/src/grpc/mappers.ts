import {
  ChargeMethod,
  ChargeStatus,
  InstallmentStatus,
  type Charge,
  type Installment,
  type Payment,
  type Statement,
} from '@consorcio/shared/gen/consorcio/payments/v1/payments';
import { toProtoEnum } from '@consorcio/shared/grpc';
import type { ComponentPcts } from '../domain';
import type { StoredCharge } from '../db/charges-repo';
import type { StoredInstallment } from '../db/installments-repo';
import type { StoredPayment } from '../db/payments-repo';
import type { StatementView } from '../app/queries';
import { amountsMessage } from '../app/refs';

const pcts = (p: ComponentPcts) => ({ fcPct: p.fc, afPct: p.af, frPct: p.fr });

export function installmentToProto(i: StoredInstallment): Installment {
  const pd = i.open.extraLines.priceDifference;
  return {
    installmentId: i.id,
    groupId: i.groupId,
    quotaId: i.quotaId,
    period: i.period,
    number: i.number,
    status: toProtoEnum(InstallmentStatus, 'INSTALLMENT_STATUS_', i.status),
    dueOn: i.dueOn,
    effectiveDueOn: i.effectiveDueOn,
    percentages: pcts(i.open.pcts),
    billedCreditValueCentavos: i.billedCreditValue,
    billed: {
      fcCentavos: i.billed.fc,
      afCentavos: i.billed.af,
      frCentavos: i.billed.fr,
      insuranceCentavos: i.billed.ins,
      fundRevaluationCentavos: i.open.extraLines.fundRevaluation,
      priceDifferenceCentavos: pd.fc + pd.af + pd.fr + pd.ins,
      totalCentavos: i.billed.total,
    },
    paidOn: i.paidOn ?? '',
    paidCentavos: i.paidTotal ?? 0n,
    lateFineCentavos: i.lateFine ?? 0n,
    lateInterestCentavos: i.lateInterest ?? 0n,
    createdAt: i.createdAt,
  };
}

export function paymentToProto(p: StoredPayment): Payment {
  return {
    paymentId: p.id,
    installmentId: p.installmentId,
    quotaId: p.quotaId,
    period: p.period,
    paidOn: p.paidOn,
    amountCentavos: p.amount,
    lateFineCentavos: p.lateFine,
    lateInterestCentavos: p.lateInterest,
    groupShareCentavos: p.groupShare,
    adminShareCentavos: p.adminShare,
    onTime: p.onTime,
    idempotencyKey: p.idempotencyKey,
  };
}

export function chargeToProto(c: StoredCharge): Charge {
  return {
    chargeId: c.id,
    installmentId: c.installmentId,
    quotaId: c.quotaId,
    period: c.period,
    method: toProtoEnum(ChargeMethod, 'CHARGE_METHOD_', c.method),
    status: toProtoEnum(ChargeStatus, 'CHARGE_STATUS_', c.status),
    amountCentavos: c.amount,
    dueOn: c.dueOn,
    barcode: c.barcode ?? '',
    digitableLine: c.digitableLine ?? '',
    pixPayload: c.pixPayload ?? '',
    txid: c.txid,
    providerTransactionId: c.providerTransactionId ?? '',
    paymentId: c.paymentId ?? '',
  };
}

export function statementToProto(s: StatementView): Statement {
  const q = s.quota;
  const paid = q.paid;
  return {
    quotaId: q.id,
    groupId: q.groupId,
    number: q.number,
    version: q.version,
    status: q.status,
    asOf: s.asOf,
    creditValueCentavos: s.creditValue,
    installmentsTotal: q.schedule.count,
    installmentsPaid: q.paidCount,
    installmentsRemaining: q.schedule.count - q.paidCount,
    ...(s.next ? { nextPercentages: pcts(s.next.pcts), nextAmounts: amountsMessage(s.next.amounts) } : {}),
    paidPercentages: pcts(paid),
    remainingPercentages: pcts(s.remaining),
    outstandingCentavos: s.outstanding,
    overdue: s.overdue.map((o) => ({
      period: o.period,
      effectiveDueOn: o.effectiveDue,
      daysLate: o.lateFees.daysLate,
      amountDueCentavos: o.amountDue,
      lateFineCentavos: o.lateFees.fine,
      lateInterestCentavos: o.lateFees.interest,
    })),
    paidCentavos: s.paidTotal,
  };
}
