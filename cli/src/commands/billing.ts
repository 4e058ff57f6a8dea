import { Command } from 'commander';
import { periodDueDate } from '@consorcio/shared/rules';
import { savedClient } from '../api/session';
import { calendarDate, Failure, UsageError, wholeNumber } from '../failure';
import { dueDayOf, getGroup, shortEnum } from '../group-view';
import { printResult } from '../output';

/**
 * `consorcio billing run`: bills a group's period by hand (the platform's reminders do it on each billing date; this
 * catches up or redoes one). Idempotent on the platform: a second run bills nothing new.
 */
export function billingCommand(): Command {
  const billing = new Command('billing').description("installments: bill a group's period");
  billing
    .command('run')
    .description('bill a period of an ACTIVE group: one installment per seat that owes one (again: bills nothing new)')
    .requiredOption('--group <id>', 'the group (its id)')
    .requiredOption('--period <n>', 'the period to bill, 1..term', wholeNumber(1))
    .option(
      '--due-on <YYYY-MM-DD>',
      "the installments' nominal due date (default: the group calendar's, for periods ≥ 2)",
      calendarDate,
    )
    .option('--json', 'print the result as JSON')
    .action(async (o: { group: string; period: number; dueOn?: string; json?: boolean }) => {
      const client = savedClient();
      let dueOn = o.dueOn;
      if (!dueOn) {
        const group = await getGroup(client, o.group);
        if (o.period < 2)
          throw new UsageError('period 1 is billed at enrollment and has no calendar date: give --due-on');
        if (!group.constitutedOn)
          throw new Failure(
            `group ${group.code} is ${shortEnum(group.status, 'GROUP_STATUS_')}: only a constituted (ACTIVE) group is billed`,
          );
        dueOn = periodDueDate(group.constitutedOn, dueDayOf(group), o.period);
      }
      const r = await client.post<{ billed?: number; alreadyBilled?: number }>(
        `/v1/groups/${encodeURIComponent(o.group)}/billing-runs`,
        {
          period: o.period,
          dueOn,
        },
      );
      const result = {
        groupId: o.group,
        period: o.period,
        dueOn,
        billed: r.billed ?? 0,
        alreadyBilled: r.alreadyBilled ?? 0,
      };
      printResult(
        !!o.json,
        result,
        () =>
          `period ${o.period} due ${dueOn}: ${result.billed} installment(s) billed, ${result.alreadyBilled} already billed`,
      );
    });
  return billing;
}
