import { ReleaseKind } from '@consorcio/shared/gen/consorcio/credit/v1/credit';
import type { CreditServiceServer } from '@consorcio/shared/gen/consorcio/credit/v1/credit_service';
import {
  fromProtoEnum,
  nextPageToken,
  readPage,
  withPolicies,
  type CallContext,
  type UnaryHandlers,
} from '@consorcio/shared/grpc';
import { isUuid } from '@consorcio/shared/ids';
import { requireId } from '@consorcio/shared/input';
import type { CommandMeta, CreditDeps } from '../app/deps';
import { confirmIndex, enterIndex } from '../app/index-entries';
import { cancelLetter, cashOut, releaseCredit, settleLeftover } from '../app/letter-payouts';
import {
  approveUsage,
  recordAnalysis,
  registerGuarantee,
  rejectUsage,
  requestUsage,
  uploadDocument,
} from '../app/letter-usage';
import { getLetter, lettersOfMember, type StoredLetter } from '../db/letters-repo';
import { selfOrReader, selfOrStaff, staffOnly, adminOnly } from './access';
import { letterToProto } from './mappers';
import { rotateTable } from '@consorcio/shared/crypto';
import { sealedSellers } from '../db/seller-reencryption';

const metaOf = (ctx: CallContext): CommandMeta => ({
  correlationId: ctx.correlationId,
  userId: ctx.principal?.userId ?? null,
});
const isId = (v: unknown): v is string => isUuid(v);

/** The CreditService gRPC API: map the request, call the use case, map the answer. No rules here. */
export function creditServiceHandlers(deps: CreditDeps): UnaryHandlers<CreditServiceServer> {
  const memberOf = async (letterId: string) => {
    requireId('letter_id', letterId);
    return (await getLetter(deps.db, letterId)).memberId ?? '';
  };
  const toProto = (l: StoredLetter) => letterToProto(l, deps.pii);
  const letter = async (p: Promise<StoredLetter>) => ({ letter: toProto(await p) });
  return withPolicies<CreditServiceServer>(
    {
      getLetter: async (ctx, req) => selfOrReader(ctx, await memberOf(req.letterId)),
      listLetters: (ctx, req) => selfOrReader(ctx, req.memberId),
      requestUsage: async (ctx, req) => selfOrStaff(ctx, await memberOf(req.letterId)),
      uploadDocument: async (ctx, req) => selfOrStaff(ctx, await memberOf(req.letterId)),
      recordAnalysis: staffOnly,
      approveUsage: staffOnly,
      rejectUsage: staffOnly,
      registerGuarantee: staffOnly,
      releaseCredit: staffOnly,
      cashOut: staffOnly,
      settleLeftover: staffOnly,
      cancelLetter: staffOnly,
      enterIndex: staffOnly,
      confirmIndex: staffOnly,
      rotatePersonalDataKey: adminOnly,
    },
    {
      getLetter: async (req) => letter(getLetter(deps.db, req.letterId)),
      listLetters: async (req) => {
        requireId('member_id', req.memberId);
        const page = readPage(req.page, isId);
        const letters = await lettersOfMember(
          deps.db,
          req.memberId,
          page.after ?? '00000000-0000-0000-0000-000000000000',
          page.limit,
        );
        return {
          letters: letters.map(toProto),
          page: { nextPageToken: nextPageToken(letters, page.limit, (l) => l.id) },
        };
      },
      uploadDocument: async (req) => {
        const r = await uploadDocument(deps, {
          letterId: req.letterId,
          name: req.name,
          bytes: req.body?.data ?? new Uint8Array(),
        });
        return { document: r.document, sizeBytes: BigInt(r.size) };
      },
      requestUsage: async (req, ctx) =>
        letter(
          requestUsage(deps, metaOf(ctx), {
            letterId: req.letterId,
            assetDescription: req.assetDescription,
            sellerName: req.sellerName,
            sellerDocument: req.sellerDocument,
            price: req.priceCentavos,
            documents: req.documents,
          }),
        ),
      recordAnalysis: async (req, ctx) =>
        letter(
          recordAnalysis(deps, metaOf(ctx), {
            letterId: req.letterId,
            provenMonthlyIncome: req.provenMonthlyIncomeCentavos,
            nextInstallment: req.nextInstallmentCentavos,
            outstandingBalance: req.outstandingBalanceCentavos,
            guaranteeAppraised: req.guaranteeAppraisedCentavos,
            guaranteeKind: req.guaranteeKind,
          }),
        ),
      approveUsage: async (req, ctx) => letter(approveUsage(deps, metaOf(ctx), req.letterId)),
      rejectUsage: async (req, ctx) => letter(rejectUsage(deps, metaOf(ctx), req.letterId, req.reasons)),
      registerGuarantee: async (req, ctx) =>
        letter(registerGuarantee(deps, metaOf(ctx), req.letterId, req.registration)),
      releaseCredit: async (req, ctx) => {
        const r = await releaseCredit(deps, metaOf(ctx), {
          letterId: req.letterId,
          kind: fromProtoEnum<'SELLER' | 'ASSET_COSTS'>(ReleaseKind, 'RELEASE_KIND_', req.kind, 'kind'),
          amount: req.amountCentavos,
          idempotencyKey: req.idempotencyKey || (ctx.idempotencyKey ?? ''),
        });
        return { letter: toProto(r.letter), releaseId: r.releaseId };
      },
      cashOut: async (req, ctx) => {
        const r = await cashOut(deps, metaOf(ctx), {
          letterId: req.letterId,
          idempotencyKey: req.idempotencyKey || (ctx.idempotencyKey ?? ''),
        });
        return { letter: toProto(r.letter), paidCentavos: r.paid };
      },
      settleLeftover: async (req, ctx) => {
        const r = await settleLeftover(deps, metaOf(ctx), {
          letterId: req.letterId,
          idempotencyKey: req.idempotencyKey || (ctx.idempotencyKey ?? ''),
        });
        return { letter: toProto(r.letter), paidCentavos: r.paid };
      },
      cancelLetter: async (req, ctx) => {
        const r = await cancelLetter(deps, metaOf(ctx), { letterId: req.letterId, reason: req.reason });
        return { letter: toProto(r.letter), conversionPct: r.conversionPct };
      },
      enterIndex: async (req, ctx) => ({
        entry: await enterIndex(deps, metaOf(ctx), {
          groupId: req.groupId,
          period: req.period,
          variationPct: req.variationPct,
          source: req.source,
        }),
      }),
      confirmIndex: async (req, ctx) => ({
        entry: await confirmIndex(deps, metaOf(ctx), { groupId: req.groupId, period: req.period }),
      }),
      rotatePersonalDataKey: async () => {
        const activeKeyId = deps.pii.cipher.activeKeyId;
        return {
          activeKeyId,
          rowsReencrypted: BigInt(await rotateTable(deps.db, sealedSellers(deps.pii), activeKeyId)),
        };
      },
    },
  );
}
