import {
  AssemblyStatus,
  BidMode,
  BidStatus,
  type Assembly,
  type Bid,
} from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import { toProtoEnum } from '@consorcio/shared/grpc';
import type { StoredAssembly } from '../db/assemblies-repo';
import type { StoredBid } from '../app/bids';

export function assemblyToProto(a: StoredAssembly): Assembly {
  return {
    assemblyId: a.id,
    groupId: a.groupId,
    period: a.period,
    status: toProtoEnum(AssemblyStatus, 'ASSEMBLY_STATUS_', a.status),
    bidDeadline: a.bidDeadline,
    extractionDate: a.extractionDate,
    assemblyDate: a.assemblyDate,
    snapshotHash: a.snapshotHash ?? '',
    ...(a.lottery ? { lottery: a.lottery } : {}),
  };
}

export function bidToProto(b: StoredBid): Bid {
  return {
    bidId: b.id,
    assemblyId: b.assemblyId,
    quotaId: b.quotaId,
    number: b.number,
    mode: toProtoEnum(BidMode, 'BID_MODE_', b.mode),
    bidPct: b.bidPct,
    embeddedPct: b.embeddedPct,
    amortizationMode: b.amortizationMode,
    status: toProtoEnum(BidStatus, 'BID_STATUS_', b.status),
    commitment: b.commitment,
    placedAt: b.placedAt,
  };
}
