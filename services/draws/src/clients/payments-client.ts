import {
  PaymentsServiceClient,
  type PaymentsServiceServer,
} from '@consorcio/shared/gen/consorcio/payments/v1/payments_service';
import { createClient, promiseClient } from '@consorcio/shared/grpc';
import type { PaymentsReader } from '../app/deps';

export const PAYMENTS_SERVICE_NAME = 'consorcio.payments.v1.PaymentsService';

/**
 * The snapshot's reads from payments over gRPC, as the SERVICE role (`bearerToken` gives the service's own token):
 * the group's fund balances and a record's paid and remaining percentages (its statement).
 */
export function paymentsReader(
  address: string,
  bearerToken: () => Promise<string>,
): PaymentsReader & { close(): void } {
  const client = createClient(PaymentsServiceClient, PAYMENTS_SERVICE_NAME, address, { bearerToken });
  const api = promiseClient<PaymentsServiceServer>(client);
  return {
    async fundBalances(groupId) {
      const { balances } = await api.getFundBalances({ groupId });
      return { commonFund: balances?.commonFundCentavos ?? 0n, reserveFund: balances?.reserveFundCentavos ?? 0n };
    },
    async percentages(quotaId) {
      const { statement } = await api.getStatement({ quotaId, asOf: '' });
      const p = statement?.paidPercentages;
      const r = statement?.remainingPercentages;
      return {
        paid: { fc: p?.fcPct ?? 0n, af: p?.afPct ?? 0n, fr: p?.frPct ?? 0n },
        remaining: { fc: r?.fcPct ?? 0n, af: r?.afPct ?? 0n, fr: r?.frPct ?? 0n },
      };
    },
    close: () => client.close(),
  };
}
