import { ChargeMethod } from '@consorcio/shared/gen/consorcio/payments/v1/payments';
import type { PaymentsServiceServer } from '@consorcio/shared/gen/consorcio/payments/v1/payments_service';
import { fromProtoEnum, withPolicies, type CallContext, type UnaryHandlers } from '@consorcio/shared/grpc';
import { WEBHOOK_SIGNATURE_HEADER } from '../domain';
import type { CommandMeta, PaymentsDeps } from '../app/deps';
import { runBilling, runDueBilling } from '../app/billing-run';
import { issueCharge, receiveWebhook } from '../app/charges';
import { payBid } from '../app/bids';
import { closeBooks } from '../app/closing';
import { runDelinquency } from '../app/delinquency-run';
import { allocateMonthlyIncome } from '../app/income';
import { prepay } from '../app/prepay';
import { payRefund } from '../app/refunds';
import { reverseEntry } from '../app/reversal';
import {
  fundBalancesQuery,
  listInstallmentsQuery,
  memberOfQuota,
  reconcileQuery,
  recordPercentagesQuery,
  statementQuery,
} from '../app/queries';
import { recordPayment } from '../app/record-payment';
import type { ChargeMethodName } from '../provider/payment-provider';
import { adminOnly, readers, selfOrReader, selfOrStaff, signedByProvider, staffOnly, staffOrService } from './access';
import { chargeToProto, installmentToProto, paymentToProto, statementToProto } from './mappers';

const metaOf = (ctx: CallContext): CommandMeta => ({
  correlationId: ctx.correlationId,
  userId: ctx.principal?.userId ?? null,
});

/** The PaymentsService gRPC API: map the request, call the use case, map the answer. No rules here. */
export function paymentsServiceHandlers(deps: PaymentsDeps): UnaryHandlers<PaymentsServiceServer> {
  const member = (quotaId: string) => memberOfQuota(deps, quotaId);
  return withPolicies<PaymentsServiceServer>(
    {
      runBilling: staffOrService,
      runDueBilling: staffOrService,
      recordPayment: staffOrService,
      evaluateDelinquency: staffOrService,
      listInstallments: async (ctx, req) => selfOrReader(ctx, await member(req.quotaId)),
      getStatement: async (ctx, req) => selfOrReader(ctx, await member(req.quotaId)),
      issueCharge: async (ctx, req) => selfOrStaff(ctx, await member(req.quotaId)),
      getFundBalances: readers,
      batchGetRecordPercentages: readers,
      reconcileBalances: readers,
      receiveProviderWebhook: signedByProvider,
      payBid: staffOrService,
      prepay: staffOrService,
      payRefund: staffOnly,
      allocateIncome: staffOnly,
      distributeClosing: staffOnly,
      reverseEntry: adminOnly,
    },
    {
      runBilling: async (req, ctx) => {
        const r = await runBilling(deps, metaOf(ctx), { groupId: req.groupId, period: req.period, dueOn: req.dueOn });
        return { billed: r.billed, alreadyBilled: r.alreadyBilled };
      },
      runDueBilling: async (req, ctx) => runDueBilling(deps, metaOf(ctx), { on: req.on }),
      recordPayment: async (req, ctx) => ({
        payment: paymentToProto(
          await recordPayment(deps, metaOf(ctx), {
            quotaId: req.quotaId,
            idempotencyKey: req.idempotencyKey || (ctx.idempotencyKey ?? ''),
            amount: req.amountCentavos,
            paidOn: req.paidOn,
            source: 'API',
          }),
        ),
      }),
      listInstallments: async (req) => {
        const r = await listInstallmentsQuery(deps, { quotaId: req.quotaId, page: req.page });
        return { installments: r.installments.map(installmentToProto), page: { nextPageToken: r.nextPageToken } };
      },
      getFundBalances: async (req) => {
        const b = await fundBalancesQuery(deps, req.groupId);
        return {
          balances: {
            groupId: req.groupId,
            commonFundCentavos: b.commonFund,
            reserveFundCentavos: b.reserveFund,
            bankCentavos: b.bank,
            creditsPayableCentavos: b.creditsPayable,
            refundsPayableCentavos: b.refundsPayable,
            asOf: deps.clock.now(),
          },
        };
      },
      issueCharge: async (req) => ({
        charge: chargeToProto(
          await issueCharge(deps, {
            quotaId: req.quotaId,
            method: fromProtoEnum<ChargeMethodName>(ChargeMethod, 'CHARGE_METHOD_', req.method, 'method'),
            dueOn: req.dueOn,
          }),
        ),
      }),
      receiveProviderWebhook: async (req, ctx) => {
        const signature = ctx.metadata.get(WEBHOOK_SIGNATURE_HEADER)[0];
        return receiveWebhook(deps, metaOf(ctx), {
          provider: req.provider,
          body: req.body?.data ?? new Uint8Array(),
          signature: typeof signature === 'string' ? signature : undefined,
        });
      },
      evaluateDelinquency: async (req, ctx) => {
        const r = await runDelinquency(deps, metaOf(ctx), { on: req.on });
        return { evaluated: r.evaluated, delinquent: r.delinquent, becameCurrent: r.becameCurrent };
      },
      batchGetRecordPercentages: async (req) => ({
        records: (await recordPercentagesQuery(deps, req.quotaIds)).map((r) => ({
          quotaId: r.quotaId,
          paid: { fcPct: r.paid.fc, afPct: r.paid.af, frPct: r.paid.fr },
          remaining: { fcPct: r.remaining.fc, afPct: r.remaining.af, frPct: r.remaining.fr },
        })),
      }),
      getStatement: async (req) => ({
        statement: statementToProto(await statementQuery(deps, { quotaId: req.quotaId, asOf: req.asOf })),
      }),
      reconcileBalances: async (req) => {
        const r = await reconcileQuery(deps, { groupId: req.groupId });
        return {
          accountsChecked: r.checked,
          differences: r.differences.map((d) => ({
            book: d.book,
            groupId: d.groupKey,
            account: d.account,
            cachedCentavos: d.credit - d.debit,
            journalCentavos: d.journalCredit - d.journalDebit,
          })),
        };
      },
      payBid: async (req, ctx) => {
        const r = await payBid(deps, metaOf(ctx), {
          quotaId: req.quotaId,
          assemblyId: req.assemblyId,
          idempotencyKey: req.idempotencyKey || (ctx.idempotencyKey ?? ''),
          amount: req.amountCentavos,
          paidOn: req.paidOn,
        });
        return { bidPaymentId: r.bidPaymentId, ownCentavos: r.own };
      },
      prepay: async (req, ctx) => {
        const r = await prepay(deps, metaOf(ctx), {
          quotaId: req.quotaId,
          idempotencyKey: req.idempotencyKey || (ctx.idempotencyKey ?? ''),
          pct: req.pct,
          mode: req.amortizationMode,
          amount: req.amountCentavos,
          paidOn: req.paidOn,
        });
        return {
          amountCentavos: r.amount,
          installmentsRemaining: r.installmentsRemaining,
          ...(r.next ? { nextPercentages: { fcPct: r.next.fc, afPct: r.next.af, frPct: r.next.fr } } : {}),
        };
      },
      payRefund: async (req, ctx) => {
        const r = await payRefund(deps, metaOf(ctx), {
          quotaId: req.quotaId,
          idempotencyKey: req.idempotencyKey || (ctx.idempotencyKey ?? ''),
          paidOn: req.paidOn,
        });
        return { amountCentavos: r.amount };
      },
      allocateIncome: async (req, ctx) => {
        const r = await allocateMonthlyIncome(deps, metaOf(ctx), {
          groupId: req.groupId,
          month: req.month,
          income: req.incomeCentavos,
        });
        return { incomeCentavos: r.income, buckets: r.buckets };
      },
      distributeClosing: async (req, ctx) => {
        const d = await closeBooks(deps, metaOf(ctx), { groupId: req.groupId, closedOn: req.closedOn });
        return {
          refundsAwardedCentavos: d.refundsAwarded,
          fcReturnedCentavos: d.fcReturned,
          commonFundDistributedCentavos: d.commonFundDistributed,
          reserveFundDistributedCentavos: d.reserveFundDistributed,
          commonFundLeftCentavos: d.commonFundLeft,
          reserveFundLeftCentavos: d.reserveFundLeft,
        };
      },
      reverseEntry: async (req, ctx) => reverseEntry(deps, metaOf(ctx), { entryId: req.entryId, reason: req.reason }),
    },
  );
}
