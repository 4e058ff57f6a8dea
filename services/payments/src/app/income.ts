import { appendToOutbox } from '@consorcio/shared/bus';
import { NotFoundError, RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { requireId } from '@consorcio/shared/input';
import { allocateIncome, investmentIncomeEntry, type LedgerRecordRef } from '../domain';
import { getGroup } from '../db/groups-repo';
import { creditBalance, postJournal, subledgerBalances } from '../db/journal-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type PaymentsDeps } from './deps';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A record sub-ledger key `n-v` back to its record. */
function recordOf(key: string): LedgerRecordRef {
  const [n, v] = key.split('-').map(Number);
  return { number: n as number, version: v as number };
}

/**
 * A month's investment income (domain §12): the net income the bank credited, `I`, allocated with `allocate` over
 * the balances that earned it — COMMON_FUND, RESERVE_FUND, each credit letter, each awarded refund, each closing
 * balance — in that key order, and posted as one E10. Once per group and month (the month is the key).
 */
export async function allocateMonthlyIncome(
  deps: PaymentsDeps,
  meta: CommandMeta,
  cmd: { groupId: string; month: string; income: bigint },
): Promise<{ income: bigint; buckets: number }> {
  requireId('group_id', cmd.groupId);
  if (!MONTH.test(cmd.month)) throw new ValidationError('month', 'must be a month YYYY-MM');
  if (cmd.income <= 0n) throw new ValidationError('income_centavos', 'must be > 0');
  const group = await getGroup(deps.db, cmd.groupId);
  if (!group) throw new NotFoundError('group', cmd.groupId);
  return deps.db.transaction(async (trx) => {
    // One allocation per group at a time: the balances must not move under it.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`income:${group.id}`]);
    const earlier = await trx('payments.income_allocations')
      .where({ group_id: group.id, month: cmd.month })
      .first<{ income: bigint } | undefined>();
    if (earlier) {
      if (earlier.income !== cmd.income)
        throw new RuleViolation(
          'income_already_allocated',
          `${cmd.month}'s income (${earlier.income}) was already allocated`,
        );
      return { income: earlier.income, buckets: 0 };
    }
    const positive = (m: Map<string, bigint>) => [...m].filter(([, b]) => b > 0n);
    const shares = allocateIncome(cmd.income, {
      commonFund: await creditBalance(trx, group.id, 'COMMON_FUND'),
      reserveFund: await creditBalance(trx, group.id, 'RESERVE_FUND'),
      creditLetters: positive(await subledgerBalances(trx, group.id, 'CREDITS_PAYABLE')).map(([letterId, balance]) => ({
        letterId,
        balance,
      })),
      awardedRefunds: positive(await subledgerBalances(trx, group.id, 'REFUNDS_PAYABLE')).map(([k, balance]) => ({
        ...recordOf(k),
        balance,
      })),
      closingBalances: positive(await subledgerBalances(trx, group.id, 'MEMBER_BALANCES_PAYABLE')).map(
        ([k, balance]) => ({
          ...recordOf(k),
          balance,
        }),
      ),
    });
    await trx('payments.income_allocations').insert({ group_id: group.id, month: cmd.month, income: cmd.income });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'payments.income.allocated',
        group.id,
        {
          groupId: group.id,
          month: cmd.month,
          incomeCentavos: cmd.income,
          shares: shares.map((s) => ({
            bucket: s.bucket.kind,
            key: s.subledger ?? '',
            balanceCentavos: s.balance,
            amountCentavos: s.amount,
          })),
        },
        meta.correlationId,
      ),
    ]);
    await postJournal(
      trx,
      [
        {
          entry: investmentIncomeEntry(shares),
          groupId: group.id,
          cause: `income:${cmd.month}`,
          businessDate: deps.clock.today(),
        },
      ],
      meta.correlationId,
    );
    return { income: cmd.income, buckets: shares.filter((s) => s.amount > 0n).length };
  });
}
