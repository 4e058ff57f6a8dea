import { Command, InvalidArgumentError } from 'commander';
import { BANK_HOLIDAYS } from '@consorcio/shared/clock';
import { assemblyDates } from '@consorcio/shared/rules';
import type { RestClient } from '../api/rest-client';
import { savedClient } from '../api/session';
import { calendarDate, UsageError, wholeNumber } from '../failure';
import { dueDayOf, getGroup } from '../group-view';
import { LocalRecords } from '../local-records';
import { printResult } from '../output';
import { describeAssembly, describeMinutes, type Assembly, type Minutes } from './assembly-view';

const json = ['--json', 'print the result as JSON'] as const;
const assemblyOption = ['--assembly <id>', 'the assembly (its id, as `assembly open` printed it)'] as const;
const path = (id: string, suffix = ''): string => `/v1/assemblies/${encodeURIComponent(id)}${suffix}`;

/**
 * `consorcio assembly …`: a group's monthly assembly by hand, in order: open (schedule it on the group's calendar and
 * open bidding), close (freeze the snapshot, once the bid deadline passed), lottery (an operator enters the Loteria
 * Federal extraction), confirm (ANOTHER operator checks it: maker-checker, each signed in with their own session),
 * run (compute and publish the result), show.
 */
export function assemblyCommand(): Command {
  const assembly = new Command('assembly').description(
    'the monthly assembly: open, close bidding, enter and confirm the lottery (two operators), run, show',
  );
  assembly
    .command('open')
    .description("schedule a group's assembly for a period on the group's calendar and open bidding; prints its id")
    .requiredOption('--group <id>', 'the group (its id)')
    .requiredOption('--period <n>', 'the period, 1..term', wholeNumber(1))
    .option('--bid-deadline <instant>', 'when bidding closes, ISO 8601 with a zone (default: the calendar)', instant)
    .option('--extraction-date <YYYY-MM-DD>', 'the Loteria Federal extraction (default: the calendar)', calendarDate)
    .option('--assembly-date <YYYY-MM-DD>', 'the day the assembly meets (default: the calendar)', calendarDate)
    .option(...json)
    .addHelpText(
      'after',
      "\nThe calendar (D-25) needs the group's constitution date, so it covers periods ≥ 2 of a constituted group;\n" +
        'period 1, the constitution assembly, needs the three dates given. Scheduling a period again answers the\n' +
        'assembly already scheduled.',
    )
    .action(
      async (o: {
        group: string;
        period: number;
        bidDeadline?: string;
        extractionDate?: string;
        assemblyDate?: string;
        json?: boolean;
      }) => {
        const client = savedClient();
        const dates = await datesOf(client, o);
        let a = (
          await client.post<{ assembly: Assembly }>(`/v1/groups/${encodeURIComponent(o.group)}/assemblies`, {
            period: o.period,
            ...dates,
          })
        ).assembly;
        if (a.status === 'ASSEMBLY_STATUS_SCHEDULED')
          a = (await client.post<{ assembly: Assembly }>(path(a.assemblyId, ':open-bidding'), {})).assembly;
        // The API lists no group's assemblies: remember it for `dashboard`.
        new LocalRecords(client.baseUrl).put('assembly', `${o.group}:${o.period}`, a.assemblyId);
        printResult(!!o.json, { assembly: a }, () => describeAssembly(a));
      },
    );

  assembly
    .command('close')
    .description('close bidding after its deadline: freezes the snapshot (funds, eligible seats, sealed bids)')
    .requiredOption(...assemblyOption)
    .option(...json)
    .action(async (o: { assembly: string; json?: boolean }) => {
      const r = await savedClient().post<{
        assembly: Assembly;
        eligible?: number;
        bids?: number;
      }>(path(o.assembly, ':close-bidding'), {});
      printResult(
        !!o.json,
        r,
        () => `${describeAssembly(r.assembly)}\neligible seats: ${r.eligible ?? 0}, sealed bids: ${r.bids ?? 0}`,
      );
    });

  assembly
    .command('lottery')
    .description('enter the Loteria Federal extraction the assembly uses (another operator must confirm it)')
    .requiredOption(...assemblyOption)
    .requiredOption('--number <n>', 'the extraction number', wholeNumber(1))
    .requiredOption('--date <YYYY-MM-DD>', 'the extraction date', calendarDate)
    .requiredOption('--prizes <a,b,c,d,e>', 'the five prizes, first to fifth, each 0..99999', prizes)
    .option('--source <text>', 'where the result was read (default: Loteria Federal, Caixa, extraction <n>)')
    .option(...json)
    .action(
      async (o: {
        assembly: string;
        number: number;
        date: string;
        prizes: number[];
        source?: string;
        json?: boolean;
      }) => {
        const r = await savedClient().post<{ assembly: Assembly }>(path(o.assembly, '/lottery'), {
          extractionNumber: o.number,
          extractionDate: o.date,
          prizes: o.prizes,
          source: o.source ?? `Loteria Federal, Caixa, extraction ${o.number} of ${o.date}`,
        });
        printResult(
          !!o.json,
          r,
          () => `${describeAssembly(r.assembly)}\nwaiting for another operator: assembly confirm`,
        );
      },
    );

  assembly
    .command('confirm')
    .description('confirm the entered extraction: must be another operator than the one who entered it')
    .requiredOption(...assemblyOption)
    .option(...json)
    .action(async (o: { assembly: string; json?: boolean }) => {
      const r = await savedClient().post<{ assembly: Assembly }>(path(o.assembly, '/lottery:confirm'), {});
      printResult(!!o.json, r, () => describeAssembly(r.assembly));
    });

  assembly
    .command('run')
    .description('compute and publish the result (once; a second run answers the same minutes); prints contemplations')
    .requiredOption(...assemblyOption)
    .option(...json)
    .action(async (o: { assembly: string; json?: boolean }) => {
      const r = await savedClient().post<{ minutes: Minutes }>(path(o.assembly, ':run'), {});
      printResult(!!o.json, r, () => describeMinutes(r.minutes));
    });

  assembly
    .command('show')
    .description('an assembly: status, dates, lottery, and its contemplations once the result is published')
    .requiredOption(...assemblyOption)
    .option(...json)
    .action(async (o: { assembly: string; json?: boolean }) => {
      const client = savedClient();
      const a = (await client.get<{ assembly: Assembly }>(path(o.assembly))).assembly;
      const published = ['RESULT_PUBLISHED', 'SETTLING', 'CLOSED'].some((s) => a.status.endsWith(s));
      const minutes = published
        ? (await client.get<{ minutes: Minutes }>(path(o.assembly, '/minutes'))).minutes
        : undefined;
      printResult(!!o.json, { assembly: a, ...(minutes ? { minutes } : {}) }, () =>
        [describeAssembly(a), ...(minutes ? [describeMinutes(minutes)] : [])].join('\n'),
      );
    });
  return assembly;
}

/** The dates to schedule: those given, the rest from the group's calendar. */
async function datesOf(
  client: RestClient,
  o: { group: string; period: number; bidDeadline?: string; extractionDate?: string; assemblyDate?: string },
): Promise<{ bidDeadline: string; extractionDate: string; assemblyDate: string }> {
  if (o.bidDeadline && o.extractionDate && o.assemblyDate)
    return { bidDeadline: o.bidDeadline, extractionDate: o.extractionDate, assemblyDate: o.assemblyDate };
  const group = await getGroup(client, o.group);
  if (o.period < 2 || !group.constitutedOn)
    throw new UsageError(
      `${o.period < 2 ? 'period 1 is the constitution assembly' : `group ${group.code} is not constituted`}: ` +
        'it has no calendar, give --bid-deadline, --extraction-date and --assembly-date',
    );
  const c = assemblyDates({
    constitutedOn: group.constitutedOn,
    dueDay: dueDayOf(group),
    period: o.period,
    holidays: BANK_HOLIDAYS,
  });
  return {
    bidDeadline: o.bidDeadline ?? c.bidDeadline.toISOString(),
    extractionDate: o.extractionDate ?? c.extractionDate,
    assemblyDate: o.assemblyDate ?? c.assemblyDate,
  };
}

function instant(text: string): string {
  const t = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(t.getTime()))
    throw new InvalidArgumentError('must be an instant like 2025-03-12T18:00:00-03:00.');
  return t.toISOString();
}

function prizes(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 5 || parts.some((p) => !/^\d{1,5}$/.test(p)))
    throw new InvalidArgumentError('must be the five prizes, comma-separated, each a whole number 0..99999.');
  return parts.map(Number);
}
