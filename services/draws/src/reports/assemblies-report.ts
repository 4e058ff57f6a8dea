import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import { NotFoundError } from '@consorcio/shared/errors';
import { requireId } from '@consorcio/shared/input';
import type { ReportCache, TabularReport, ViewRefresher } from '@consorcio/shared/reports';

/** The views draws' reports read, in refresh order. */
export const DRAWS_REPORT_VIEWS = ['report_assemblies_held'] as const;

export interface AssemblyHeldRow {
  assemblyId: string;
  period: number;
  assemblyDate: string;
  status: string;
  creditValue: bigint;
  drawContemplations: number;
  bidContemplations: number;
  defaultedBids: number;
  /** Σ C_p of the contemplations (draws and bids). */
  credit: bigint;
  netCost: bigint;
  available: bigint;
}

export interface AssembliesReportData {
  groupId: string;
  rows: AssemblyHeldRow[];
  /** Σ of the rows (period 0; `available` is the last assembly's). */
  totals: AssemblyHeldRow;
  /** ISO instants, so a cached report reads back unchanged. */
  refreshedAt: string | null;
  generatedAt: string;
}

interface ViewRow {
  assembly_id: string;
  period: number;
  assembly_date: string;
  status: string;
  credit_value: bigint;
  draw_contemplations: number;
  bid_contemplations: number;
  defaulted_bids: number;
  net_cost: bigint;
  available: bigint;
}

/** A group's assemblies held, from the report view as of its last refresh, cached for the cache's TTL. */
export async function assembliesReport(
  d: { db: Knex; clock: Clock; cache: ReportCache; refresher: ViewRefresher },
  groupId: string,
): Promise<AssembliesReportData> {
  requireId('group_id', groupId);
  if (!(await d.db('draws.groups').where({ id: groupId }).first())) throw new NotFoundError('group', groupId);
  return d.cache.getOrLoad('assemblies', [groupId], async () => {
    const refreshed = await d.refresher.lastRefreshedAt();
    const rows = (
      (await d.db('draws.report_assemblies_held').where({ group_id: groupId }).orderBy('period')) as ViewRow[]
    ).map(fromView);
    return {
      groupId,
      rows,
      totals: totalsOf(rows),
      refreshedAt: refreshed?.toISOString() ?? null,
      generatedAt: d.clock.now().toISOString(),
    };
  });
}

function fromView(r: ViewRow): AssemblyHeldRow {
  return {
    assemblyId: r.assembly_id,
    period: r.period,
    assemblyDate: r.assembly_date,
    status: r.status,
    creditValue: r.credit_value,
    drawContemplations: r.draw_contemplations,
    bidContemplations: r.bid_contemplations,
    defaultedBids: r.defaulted_bids,
    credit: r.credit_value * BigInt(r.draw_contemplations + r.bid_contemplations),
    netCost: r.net_cost,
    available: r.available,
  };
}

function totalsOf(rows: readonly AssemblyHeldRow[]): AssemblyHeldRow {
  return {
    assemblyId: '',
    period: 0,
    assemblyDate: '',
    status: '',
    creditValue: 0n,
    drawContemplations: rows.reduce((s, r) => s + r.drawContemplations, 0),
    bidContemplations: rows.reduce((s, r) => s + r.bidContemplations, 0),
    defaultedBids: rows.reduce((s, r) => s + r.defaultedBids, 0),
    credit: rows.reduce((s, r) => s + r.credit, 0n),
    netCost: rows.reduce((s, r) => s + r.netCost, 0n),
    available: rows.at(-1)?.available ?? 0n,
  };
}

/** The report as a table for export: ids, periods and amounts only. */
export function assembliesTable(r: AssembliesReportData): TabularReport {
  const t = r.totals;
  return {
    title: 'Assemblies held',
    subtitle: [`Group ${r.groupId}`, `View refreshed at ${r.refreshedAt ?? 'never'}`],
    generatedAt: new Date(r.generatedAt),
    fileName: `assemblies-${r.groupId}-${r.generatedAt.slice(0, 10)}`,
    sheetName: 'Assemblies',
    columns: [
      { key: 'period', title: 'Assembly', type: 'integer' },
      { key: 'date', title: 'Date', type: 'date' },
      { key: 'status', title: 'Status', type: 'text' },
      { key: 'credit_value', title: 'Credit value (R$)', type: 'centavos' },
      { key: 'draws', title: 'By draw', type: 'integer' },
      { key: 'bids', title: 'By bid', type: 'integer' },
      { key: 'defaulted', title: 'Bids defaulted', type: 'integer' },
      { key: 'credit', title: 'Credit granted (R$)', type: 'centavos' },
      { key: 'net_cost', title: 'Net cost (R$)', type: 'centavos' },
      { key: 'available', title: 'Fund left (R$)', type: 'centavos' },
    ],
    rows: r.rows.map((a) => [
      a.period,
      a.assemblyDate,
      a.status,
      a.creditValue,
      a.drawContemplations,
      a.bidContemplations,
      a.defaultedBids,
      a.credit,
      a.netCost,
      a.available,
    ]),
    totals: {
      draws: t.drawContemplations,
      bids: t.bidContemplations,
      defaulted: t.defaultedBids,
      credit: t.credit,
      net_cost: t.netCost,
    },
  };
}
