import { Command } from 'commander';
import { formatBRL } from '@consorcio/shared/money';
import { ApiError, type RestClient } from '../api/rest-client';
import { savedClient } from '../api/session';
import { getGroup, shortEnum, type GroupView } from '../group-view';
import { LocalRecords } from '../local-records';
import { printResult } from '../output';
import { formatTable } from '../table';
import { describeAssembly, type Assembly } from './assembly-view';

interface Balances {
  commonFundCentavos?: string;
  reserveFundCentavos?: string;
  bankCentavos?: string;
  creditsPayableCentavos?: string;
  refundsPayableCentavos?: string;
  asOf?: string;
}

interface Dashboard {
  group: GroupView;
  quotas: { total: number; byStatus: Record<string, number> };
  fundBalances: Balances | null;
  lastAssembly: Assembly | null;
}

/** `consorcio dashboard`: one group at a glance — its seats by status, its funds, its last assembly. */
export function dashboardCommand(): Command {
  return new Command('dashboard')
    .description('a group at a glance: seats by status, fund balances, the last assembly')
    .requiredOption('--group <id>', 'the group (its id)')
    .option('--assembly <id>', 'the assembly to show (default: the last one `assembly open` opened from this computer)')
    .option('--json', 'print the dashboard as JSON')
    .action(async (o: { group: string; assembly?: string; json?: boolean }) => {
      const client = savedClient();
      const group = await getGroup(client, o.group);
      const d: Dashboard = {
        group,
        quotas: await quotasByStatus(client, group.groupId),
        fundBalances: await orNull(async () => {
          const r = await client.get<{ balances?: Balances }>(`/v1/groups/${group.groupId}/fund-balances`);
          return r.balances ?? {};
        }),
        lastAssembly: await orNull(async () => {
          const id = o.assembly ?? lastOpened(new LocalRecords(client.baseUrl), group.groupId);
          if (!id) return null;
          return (await client.get<{ assembly: Assembly }>(`/v1/assemblies/${encodeURIComponent(id)}`)).assembly;
        }),
      };
      printResult(!!o.json, d, () => human(d));
    });
}

/** Every seat record of the group, page by page, counted by status. */
async function quotasByStatus(client: RestClient, groupId: string): Promise<Dashboard['quotas']> {
  const byStatus: Record<string, number> = {};
  const quotas = await client.listAll(
    `/v1/groups/${groupId}/quotas`,
    (r: { quotas?: { status: string }[]; page?: { nextPageToken?: string } }) => r.quotas ?? [],
  );
  for (const q of quotas) {
    const s = shortEnum(q.status, 'QUOTA_STATUS_');
    byStatus[s] = (byStatus[s] ?? 0) + 1;
  }
  const total = quotas.length;
  return { total, byStatus };
}

/** The assembly of the highest period opened for the group from this computer. */
function lastOpened(records: LocalRecords, groupId: string): string | undefined {
  const mine = records
    .all('assembly')
    .filter(([key]) => key.startsWith(`${groupId}:`))
    .map(([key, id]) => ({ period: Number(key.slice(groupId.length + 1)), id }))
    .sort((a, b) => b.period - a.period);
  return mine[0]?.id;
}

/** A part the platform has nothing for yet (404): shown as absent, not a failure of the whole dashboard. */
async function orNull<T>(read: () => Promise<T | null>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

function human(d: Dashboard): string {
  const g = d.group;
  const out = [
    `group ${g.code} (${g.groupId}): ${shortEnum(g.status, 'GROUP_STATUS_')}, ` +
      `${g.occupiedQuotas ?? 0}/${g.parameters?.maxQuotas ?? '?'} seats taken, ${g.assembliesHeld ?? 0} assemblies held`,
    '',
    `seats (${d.quotas.total})`,
    formatTable(
      ['status', 'count'],
      Object.entries(d.quotas.byStatus)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([s, n]) => [s, String(n)]),
    ),
    '',
  ];
  const b = d.fundBalances;
  if (!b) out.push('fund balances: none yet (the group has no book)');
  else {
    const money = (v: string | undefined): string => formatBRL(BigInt(v ?? '0'));
    out.push(
      `fund balances${b.asOf ? ` as of ${b.asOf}` : ''}`,
      formatTable(
        ['fund', 'balance'],
        [
          ['common fund', money(b.commonFundCentavos)],
          ['reserve fund', money(b.reserveFundCentavos)],
          ['bank', money(b.bankCentavos)],
          ['credits payable', money(b.creditsPayableCentavos)],
          ['refunds payable', money(b.refundsPayableCentavos)],
        ],
      ),
    );
  }
  out.push('', d.lastAssembly ? `last ${describeAssembly(d.lastAssembly)}` : 'last assembly: none opened from here');
  return out.join('\n');
}
