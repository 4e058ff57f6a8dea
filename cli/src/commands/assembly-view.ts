import { formatBRL } from '@consorcio/shared/money';
import { shortEnum } from '../group-view';
import { formatTable } from '../table';

/** An assembly and its minutes as the REST API answers them (ProtoJSON; fields at their default are absent). */
export interface Assembly {
  assemblyId: string;
  groupId: string;
  period?: number;
  status: string;
  bidDeadline?: string;
  extractionDate?: string;
  assemblyDate?: string;
  snapshotHash?: string;
  lottery?: {
    extractionNumber?: number;
    extractionDate?: string;
    prizes?: number[];
    source?: string;
    enteredBy?: string;
    confirmedBy?: string;
  };
}

export interface Minutes {
  assemblyId: string;
  period?: number;
  assemblyDate?: string;
  drawKey?: number;
  contemplations?: {
    type: string;
    number?: number;
    netCostCentavos?: string;
    reserveUsedCentavos?: string;
  }[];
  awards?: { number?: number; version?: number; netCentavos?: string }[];
  alternates?: string[];
  snapshotHash?: string;
}

/** A few lines about an assembly. */
export function describeAssembly(a: Assembly): string {
  const lines = [
    `assembly ${a.assemblyId}`,
    `  period ${a.period ?? 0}, ${shortEnum(a.status, 'ASSEMBLY_STATUS_')}`,
    `  bids until ${a.bidDeadline ?? '-'}, extraction ${a.extractionDate ?? '-'}, meets ${a.assemblyDate ?? '-'}`,
  ];
  if (a.snapshotHash) lines.push(`  snapshot ${a.snapshotHash}`);
  const l = a.lottery;
  if (l?.extractionNumber) {
    lines.push(
      `  lottery: extraction ${l.extractionNumber} of ${l.extractionDate ?? '-'}, prizes ${(l.prizes ?? []).join(', ')}`,
      `    entered by ${l.enteredBy ?? '-'}, ${l.confirmedBy ? `confirmed by ${l.confirmedBy}` : 'not confirmed yet'}`,
    );
  }
  return lines.join('\n');
}

/** The result: the draw key and every contemplation, in order. */
export function describeMinutes(m: Minutes): string {
  const contemplations = m.contemplations ?? [];
  const lines = [`result of assembly ${m.assemblyId} (period ${m.period ?? 0}), draw key ${m.drawKey ?? 0}`];
  lines.push(
    contemplations.length === 0
      ? 'no contemplation'
      : formatTable(
          ['#', 'type', 'seat', 'net cost', 'reserve used'],
          contemplations.map((c, i) => [
            String(i + 1),
            c.type,
            String(c.number ?? 0),
            formatBRL(BigInt(c.netCostCentavos ?? '0')),
            formatBRL(BigInt(c.reserveUsedCentavos ?? '0')),
          ]),
        ),
  );
  for (const a of m.awards ?? [])
    lines.push(`refund drawn: seat ${a.number ?? 0}-${a.version ?? 0}, ${formatBRL(BigInt(a.netCentavos ?? '0'))}`);
  if (m.alternates?.length) lines.push(`alternates: ${m.alternates.join(', ')}`);
  return lines.join('\n');
}
