import { LetterStatus, type Letter } from '@consorcio/shared/gen/consorcio/credit/v1/credit';
import type { PersonalDataKeys } from '@consorcio/shared/crypto';
import { toProtoEnum } from '@consorcio/shared/grpc';
import type { StoredLetter } from '../db/letters-repo';
import { openSeller } from '../db/seller-sealing';

/** A letter as the API answers it: the usage request's seller decrypted (it is stored sealed). */
export function letterToProto(l: StoredLetter, pii: PersonalDataKeys): Letter {
  const seller = l.usage ? openSeller(pii, l.id, l.seller) : null;
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
            sellerName: seller?.name ?? '',
            sellerDocument: seller?.document ?? '',
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
