import { AssemblyMinutes, BidMode } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import type { DrawsServiceServer } from '@consorcio/shared/gen/consorcio/draws/v1/draws_service';
import { fromProtoEnum, withPolicies, type CallContext, type UnaryHandlers } from '@consorcio/shared/grpc';
import type { AmortizationMode } from '@consorcio/shared/rules';
import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { closeBidding, confirmLottery, enterLottery, openBidding, scheduleAssembly } from '../app/assemblies';
import { bidById, isPublished, listBids, placeBid, quotaOf, withdrawBid } from '../app/bids';
import type { CommandMeta, DrawsDeps } from '../app/deps';
import { verifyMinutes } from '../app/minutes';
import { runAssemblyCommand } from '../app/run-assembly';
import { getAssembly } from '../db/assemblies-repo';
import { requireId } from '@consorcio/shared/input';
import type { BidMode as DomainBidMode } from '../domain';
import { anyUser, sealedBids, selfOrStaff, staffOnly, staffOrService } from './access';
import { assemblyToProto, bidToProto } from './mappers';

const metaOf = (ctx: CallContext): CommandMeta => ({
  correlationId: ctx.correlationId,
  userId: ctx.principal?.userId ?? null,
});

const AMORTIZATION = ['REDUCE_TERM', 'REDUCE_INSTALLMENT'];
function amortizationOf(text: string): AmortizationMode | undefined {
  if (text === '') return undefined;
  if (!AMORTIZATION.includes(text))
    throw new ValidationError('amortization_mode', 'must be REDUCE_TERM or REDUCE_INSTALLMENT');
  return text as AmortizationMode;
}

/** The DrawsService gRPC API: map the request, call the use case, map the answer. No rules here. */
export function drawsServiceHandlers(deps: DrawsDeps): UnaryHandlers<DrawsServiceServer> {
  const memberOf = async (quotaId: string) => (await quotaOf(deps, quotaId)).member_id ?? '';
  return withPolicies<DrawsServiceServer>(
    {
      scheduleAssembly: staffOrService,
      openBidding: staffOrService,
      placeBid: async (ctx, req) => selfOrStaff(ctx, await memberOf(req.quotaId)),
      withdrawBid: anyUser, // the handler checks the bid's record: the request names the bid, not the record
      listBids: async (ctx, req) =>
        sealedBids(ctx, await memberOf(req.quotaId), isPublished((await getAssembly(deps.db, req.assemblyId)).status)),
      closeBidding: staffOrService,
      enterLotteryResult: staffOnly,
      confirmLotteryResult: staffOnly,
      runAssembly: staffOrService,
      getAssembly: anyUser,
      getMinutes: anyUser,
      verifyAssembly: anyUser,
    },
    {
      scheduleAssembly: async (req, ctx) => ({
        assembly: assemblyToProto(
          await scheduleAssembly(deps, metaOf(ctx), {
            groupId: req.groupId,
            period: req.period,
            bidDeadline: req.bidDeadline,
            extractionDate: req.extractionDate,
            assemblyDate: req.assemblyDate,
          }),
        ),
      }),
      openBidding: async (req, ctx) => ({
        assembly: assemblyToProto(await openBidding(deps, metaOf(ctx), req.assemblyId)),
      }),
      placeBid: async (req, ctx) => ({
        bid: bidToProto(
          await placeBid(deps, metaOf(ctx), {
            assemblyId: req.assemblyId,
            quotaId: req.quotaId,
            mode: fromProtoEnum<DomainBidMode>(BidMode, 'BID_MODE_', req.mode, 'mode'),
            bidPct: req.bidPct,
            embeddedPct: req.embeddedPct,
            amortizationMode: amortizationOf(req.amortizationMode),
          }),
        ),
      }),
      withdrawBid: async (req, ctx) => {
        const bid = await bidById(deps, req.bidId);
        selfOrStaff(ctx, await memberOf(bid.quotaId));
        return {
          bid: bidToProto(await withdrawBid(deps, metaOf(ctx), { assemblyId: req.assemblyId, bidId: req.bidId })),
        };
      },
      listBids: async (req) => ({
        bids: (await listBids(deps, { assemblyId: req.assemblyId, quotaId: req.quotaId })).map(bidToProto),
      }),
      closeBidding: async (req, ctx) => {
        const r = await closeBidding(deps, metaOf(ctx), req.assemblyId);
        return { assembly: assemblyToProto(r.assembly), eligible: r.eligible, bids: r.bids };
      },
      enterLotteryResult: async (req, ctx) => ({
        assembly: assemblyToProto(
          await enterLottery(deps, metaOf(ctx), {
            assemblyId: req.assemblyId,
            extractionNumber: req.extractionNumber,
            extractionDate: req.extractionDate,
            prizes: req.prizes,
            source: req.source,
          }),
        ),
      }),
      confirmLotteryResult: async (req, ctx) => ({
        assembly: assemblyToProto(await confirmLottery(deps, metaOf(ctx), req.assemblyId)),
      }),
      runAssembly: async (req, ctx) => ({ minutes: await runAssemblyCommand(deps, metaOf(ctx), req.assemblyId) }),
      getAssembly: async (req) => ({ assembly: assemblyToProto(await getAssembly(deps.db, req.assemblyId)) }),
      getMinutes: async (req) => {
        requireId('assembly_id', req.assemblyId);
        const row = await deps
          .db('draws.results')
          .where({ assembly_id: req.assemblyId })
          .first<{ minutes: Buffer } | undefined>('minutes');
        if (!row) {
          const a = await getAssembly(deps.db, req.assemblyId);
          throw new RuleViolation(
            'result_not_published',
            `assembly ${a.id} is ${a.status}: its minutes come with the result`,
          );
        }
        return { minutes: AssemblyMinutes.decode(row.minutes) };
      },
      verifyAssembly: (req) => {
        if (!req.minutes) throw new ValidationError('minutes', 'is required');
        const mismatches = verifyMinutes(req.minutes);
        return Promise.resolve({ valid: mismatches.length === 0, mismatches });
      },
    },
  );
}
