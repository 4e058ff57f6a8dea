import { NotFoundError, RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { requireId } from '@consorcio/shared/input';
import { journalEntry, reverse, type JournalKind, type LedgerBook } from '../domain';
import { postJournal } from '../db/journal-repo';
import type { CommandMeta, PaymentsDeps } from './deps';

/**
 * The only correction the books allow (domain §13): a reversing entry of an earlier one — same kind, every line on
 * the other side — posted with the reason as its cause and pointing at the entry it reverses. An entry is reversed
 * at most once; a reversal is not reversed (post the right entry instead).
 */
export async function reverseEntry(
  deps: PaymentsDeps,
  meta: CommandMeta,
  cmd: { entryId: string; reason: string },
): Promise<{ reversalEntryId: string }> {
  requireId('entry_id', cmd.entryId);
  const reason = cmd.reason.trim();
  if (reason.length < 10) throw new ValidationError('reason', 'must explain the correction in at least 10 characters');
  return deps.db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`reverse:${cmd.entryId}`]);
    const entry = await trx('payments.journal_entries')
      .where({ entry_id: cmd.entryId })
      .first<
        | { id: bigint; book: LedgerBook; group_id: string; kind: JournalKind; reverses_entry_id: string | null }
        | undefined
      >();
    if (!entry) throw new NotFoundError('journal entry', cmd.entryId);
    if (entry.reverses_entry_id)
      throw new RuleViolation('reversal_of_reversal', `entry ${cmd.entryId} is itself a reversal`);
    const earlier = await trx('payments.journal_entries')
      .where({ reverses_entry_id: cmd.entryId })
      .first<{ entry_id: string } | undefined>();
    if (earlier)
      throw new RuleViolation('already_reversed', `entry ${cmd.entryId} was already reversed by ${earlier.entry_id}`);
    const lines = await trx('payments.journal_lines')
      .where({ entry_id: entry.id })
      .orderBy('id')
      .select<{ account: string; subledger: string | null; debit: bigint; credit: bigint }[]>(
        'account',
        'subledger',
        'debit',
        'credit',
      );
    const original = journalEntry({
      book: entry.book,
      kind: entry.kind,
      lines: lines.map((l) => ({
        account: l.account,
        debit: l.debit,
        credit: l.credit,
        ...(l.subledger ? { subledger: l.subledger } : {}),
      })),
    });
    const [id] = await postJournal(
      trx,
      [
        {
          entry: reverse(original),
          groupId: entry.group_id,
          cause: `reversal: ${reason}`,
          businessDate: deps.clock.today(),
          reverses: cmd.entryId,
        },
      ],
      meta.correlationId,
    );
    return { reversalEntryId: id as string };
  });
}
