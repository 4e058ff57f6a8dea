import { loadSigningKey, serviceToken } from '../auth';
import { PaymentsServiceClient, type PaymentsServiceServer } from '../gen/consorcio/payments/v1/payments_service';
import { createClient, promiseClient } from '../grpc';

/** A record's paid and remaining percentages, per component, in pct units. */
export interface RecordPercentages {
  paid: { fc: bigint; af: bigint; fr: bigint };
  remaining: { fc: bigint; af: bigint; fr: bigint };
}

/** Ids per BatchGetRecordPercentages call (payments takes at most 5,000). */
const PERCENTAGES_BATCH = 5_000;

/** What other services read from payments (the owner of money), by gRPC as the SERVICE role. */
export interface PaymentsReader {
  /** A group's fund balances (an assembly's snapshot). */
  fundBalances(groupId: string): Promise<{ commonFund: bigint; reserveFund: bigint }>;
  /** Paid and remaining percentages of a record (a bid's limit, an excluded record's refund). */
  percentages(quotaId: string): Promise<RecordPercentages>;
  /** The same for many records at once, by quota id (an assembly's snapshot); unknown records are absent. */
  percentagesOf(quotaIds: readonly string[]): Promise<Map<string, RecordPercentages>>;
  /** What a record still owes and what of it is overdue today (a cash-out's conditions). */
  position(quotaId: string): Promise<{ outstanding: bigint; overdue: bigint }>;
}

export const PAYMENTS_SERVICE_NAME = 'consorcio.payments.v1.PaymentsService';

/**
 * The reads from payments over gRPC, as the SERVICE role (`bearerToken` gives the calling service's own token): a
 * group's fund balances, and a record's paid and remaining percentages and position (its statement, §4.7).
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
    async percentagesOf(quotaIds) {
      const out = new Map<string, RecordPercentages>();
      for (let i = 0; i < quotaIds.length; i += PERCENTAGES_BATCH) {
        const { records } = await api.batchGetRecordPercentages({ quotaIds: quotaIds.slice(i, i + PERCENTAGES_BATCH) });
        for (const r of records) {
          out.set(r.quotaId, {
            paid: { fc: r.paid?.fcPct ?? 0n, af: r.paid?.afPct ?? 0n, fr: r.paid?.frPct ?? 0n },
            remaining: { fc: r.remaining?.fcPct ?? 0n, af: r.remaining?.afPct ?? 0n, fr: r.remaining?.frPct ?? 0n },
          });
        }
      }
      return out;
    },
    async position(quotaId) {
      const { statement } = await api.getStatement({ quotaId, asOf: '' });
      return {
        outstanding: statement?.outstandingCentavos ?? 0n,
        overdue: (statement?.overdue ?? []).reduce((sum, o) => sum + o.amountDueCentavos, 0n),
      };
    },
    close: () => client.close(),
  };
}

/**
 * The payments reader of a service process, from its environment: its calls are signed with its own key as
 * `service:<name>` (role SERVICE), the token renewed before it expires.
 */
export function servicePaymentsReader(
  serviceName: string,
  config: { SERVICE_PRIVATE_KEY: string; AUTH_ISSUER: string; AUTH_AUDIENCE: string; PAYMENTS_GRPC_ADDR: string },
): PaymentsReader & { close(): void } {
  const tokens = serviceToken(serviceName, loadSigningKey(config.SERVICE_PRIVATE_KEY), {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
  });
  return paymentsReader(config.PAYMENTS_GRPC_ADDR, () => tokens.token());
}
