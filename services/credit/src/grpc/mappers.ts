import { LetterStatus, type Letter } from '@consorcio/shared/gen/consorcio/credit/v1/credit';
import { toProtoEnum } from '@consorcio/shared/grpc';
import type { StoredLetter } from '../db/letters-repo';

export function letterToProto(l: StoredLetter): Letter {
  return {
    letterId: l.id,
    groupId: l.groupId,
    quotaId: l.quota.quotaId,
    memberId: l.memberId ?? '',
    status: toProtoEnum(LetterStatus, 'LETTER_STATUS_', l.status),
    creditAmountCentavos: l.creditAmount,
    balanceCentavos: l.balance,
    releasedCentavos: l.released,
    yieldCentavos: l.yield,
    contemplatedOn: l.contemplatedOn,
    creditValueAtContemplationCentavos: l.creditValueAtContemplation,
    ...(l.usage
      ? {
          usage: {
            ...l.usage,
            priceCentavos: BigInt(l.usage.priceCentavos),
            requestedAt: l.usage.requestedAt ? new Date(l.usage.requestedAt) : undefined,
          },
        }
      : {}),
    ...(l.analysis
      ? {
          analysis: {
            ...l.analysis,
            provenMonthlyIncomeCentavos: BigInt(l.analysis.provenMonthlyIncomeCentavos),
            nextInstallmentCentavos: BigInt(l.analysis.nextInstallmentCentavos),
            outstandingBalanceCentavos: BigInt(l.analysis.outstandingBalanceCentavos),
            guaranteeAppraisedCentavos: BigInt(l.analysis.guaranteeAppraisedCentavos),
          },
        }
      : {}),
  };
}
