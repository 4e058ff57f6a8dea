import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { daysBetween } from '@consorcio/shared/clock';
import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import type { DocumentRef } from '@consorcio/shared/gen/consorcio/credit/v1/credit';
import { newId } from '@consorcio/shared/ids';
import { requireId, requireIdempotencyKey } from '@consorcio/shared/input';
import {
  cancellationConversionPct,
  cashOutAmount,
  checkGuaranteeCoverage,
  checkPaymentCapacity,
  nextLetterStatus,
  release as releaseMoney,
  type LetterStatus,
  type LetterTrigger,
} from '../domain';
import { getCreditGroup, getLetter, lockLetter, saveLetter, type StoredLetter } from '../db/letters-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type CreditDeps } from './deps';

type StepEvent =
  'credit.letter.usage_requested' | 'credit.letter.approved' | 'credit.letter.rejected' | 'credit.guarantee.registered';

/** One step of the letter's state machine in a transaction holding its row lock, with its event. */
async function step(
  deps: CreditDeps,
  meta: CommandMeta,
  letterId: string,
  trigger: LetterTrigger,
  event: StepEvent,
  change: (trx: Knex.Transaction, letter: StoredLetter) => Promise<Partial<StoredLetter> & { reasons?: string[] }>,
): Promise<StoredLetter> {
  requireId('letter_id', letterId);
  await deps.db.transaction(async (trx) => {
    const letter = await lockLetter(trx, letterId);
    const status = nextLetterStatus(letter.status, trigger);
    const { reasons, ...patch } = await change(trx, letter);
    await saveLetter(trx, letter.id, { ...patch, status });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        event,
        letter.id,
        { letterId: letter.id, quota: letter.quota, status, reasons: reasons ?? [] },
        meta.correlationId,
      ),
    ]);
  });
  return getLetter(deps.db, letterId);
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Stores one document of a usage request (content-addressed) for a letter that can still be used; the answer's
 * checksum is what the request names.
 */
export async function uploadDocument(
  deps: CreditDeps,
  cmd: { letterId: string; name: string; bytes: Uint8Array },
): Promise<{ document: DocumentRef; size: number }> {
  requireId('letter_id', cmd.letterId);
  if (!/^[\w.\- ]{1,120}$/.test(cmd.name))
    throw new ValidationError('name', 'must be a file name (letters, digits, . _ -)');
  if (cmd.bytes.length === 0) throw new ValidationError('body', 'the document is empty');
  if (cmd.bytes.length > MAX_DOCUMENT_BYTES)
    throw new ValidationError('body', `must be at most ${MAX_DOCUMENT_BYTES} bytes`);
  const letter = await getLetter(deps.db, cmd.letterId);
  if (!['ISSUED', 'UNDER_ANALYSIS'].includes(letter.status))
    throw new RuleViolation(
      `letter_${letter.status.toLowerCase()}`,
      `the letter is ${letter.status}: its usage is settled`,
    );
  const stored = await deps.documents.put(cmd.bytes);
  return { document: { name: cmd.name, sha256: stored.sha256 }, size: stored.size };
}

/** Largest document accepted (the gateway's body limit applies first on REST). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** §9.3: the member asks to use the letter for an asset, with its seller, price and documents (names + SHA-256). */
export async function requestUsage(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: {
    letterId: string;
    assetDescription: string;
    sellerName: string;
    sellerDocument: string;
    price: bigint;
    documents: DocumentRef[];
  },
): Promise<StoredLetter> {
  const violations: { field: string; rule: string }[] = [];
  if (cmd.assetDescription.trim().length < 5)
    violations.push({ field: 'asset_description', rule: 'must describe the asset' });
  if (cmd.sellerName.trim().length < 2) violations.push({ field: 'seller_name', rule: 'is required' });
  if (!/^\d{11}$|^\d{14}$/.test(cmd.sellerDocument.replace(/\D/g, '')))
    violations.push({ field: 'seller_document', rule: 'must be a CPF (11 digits) or CNPJ (14 digits)' });
  if (cmd.price <= 0n) violations.push({ field: 'price_centavos', rule: 'must be > 0' });
  if (cmd.documents.length === 0) violations.push({ field: 'documents', rule: 'at least one document is required' });
  cmd.documents.forEach((d, i) => {
    if (!d.name.trim()) violations.push({ field: `documents[${i}].name`, rule: 'is required' });
    if (!SHA256.test(d.sha256)) violations.push({ field: `documents[${i}].sha256`, rule: 'must be a SHA-256 in hex' });
  });
  ValidationError.throwIfAny(violations);
  for (const d of cmd.documents)
    if (!(await deps.documents.has(d.sha256)))
      throw new RuleViolation('document_not_uploaded', `document ${d.name} (${d.sha256}) was not uploaded`);
  return step(deps, meta, cmd.letterId, 'request_usage', 'credit.letter.usage_requested', () =>
    Promise.resolve({
      usage: {
        assetDescription: cmd.assetDescription.trim(),
        sellerName: cmd.sellerName.trim(),
        sellerDocument: cmd.sellerDocument.replace(/\D/g, ''),
        priceCentavos: cmd.price,
        documents: cmd.documents,
        requestedAt: deps.clock.now(),
      },
    }),
  );
}

/**
 * §9.4: the analyst records the analysis; payment capacity and guarantee coverage are checked against the group's
 * limits (D-06) and a failure names the shortfall. The letter stays UNDER_ANALYSIS until another operator decides.
 */
export async function recordAnalysis(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: {
    letterId: string;
    provenMonthlyIncome: bigint;
    nextInstallment: bigint;
    outstandingBalance: bigint;
    guaranteeAppraised: bigint;
    guaranteeKind: string;
  },
): Promise<StoredLetter> {
  requireId('letter_id', cmd.letterId);
  if (!['FIDUCIARY_LIEN', 'FIDUCIARY_SALE', 'MORTGAGE', 'PERSONAL'].includes(cmd.guaranteeKind))
    throw new ValidationError('guarantee_kind', 'must be FIDUCIARY_LIEN, FIDUCIARY_SALE, MORTGAGE or PERSONAL');
  if (!meta.userId) throw new ValidationError('user', 'an identified analyst must record the analysis');
  await deps.db.transaction(async (trx) => {
    const letter = await lockLetter(trx, cmd.letterId);
    if (letter.status !== 'UNDER_ANALYSIS')
      throw new RuleViolation(
        'letter_not_under_analysis',
        `the letter is ${letter.status}: only a requested usage is analysed`,
      );
    const group = await getCreditGroup(trx, letter.groupId);
    checkPaymentCapacity({
      installment: cmd.nextInstallment,
      provenMonthlyIncome: cmd.provenMonthlyIncome,
      maxIncomeCommitmentPct: group.maxIncomeCommitmentPct,
    });
    checkGuaranteeCoverage({
      appraisedValue: cmd.guaranteeAppraised,
      outstandingBalance: cmd.outstandingBalance,
      minGuaranteeCoveragePct: group.minGuaranteeCoveragePct,
    });
    await saveLetter(trx, letter.id, {
      analysis: {
        provenMonthlyIncomeCentavos: cmd.provenMonthlyIncome,
        nextInstallmentCentavos: cmd.nextInstallment,
        outstandingBalanceCentavos: cmd.outstandingBalance,
        guaranteeAppraisedCentavos: cmd.guaranteeAppraised,
        guaranteeKind: cmd.guaranteeKind,
        analysedBy: meta.userId!,
        decidedBy: '',
        reasons: [],
        guaranteeRegistered: false,
      },
    });
  });
  return getLetter(deps.db, cmd.letterId);
}

/** Approval (maker-checker): an analysis must exist and be decided by another operator than its analyst. */
export function approveUsage(deps: CreditDeps, meta: CommandMeta, letterId: string): Promise<StoredLetter> {
  return step(deps, meta, letterId, 'approve', 'credit.letter.approved', (_trx, letter) => {
    if (!letter.analysis) throw new RuleViolation('no_analysis', 'the usage must be analysed before it is approved');
    if (!meta.userId || letter.analysis.analysedBy === meta.userId)
      throw new RuleViolation('same_operator', 'the analyst cannot approve their own analysis (maker-checker)');
    return Promise.resolve({ analysis: { ...letter.analysis, decidedBy: meta.userId } });
  });
}

/** Rejection with reasons: back to ISSUED, the usage and analysis kept for the record in the event. */
export function rejectUsage(
  deps: CreditDeps,
  meta: CommandMeta,
  letterId: string,
  reasons: string[],
): Promise<StoredLetter> {
  const given = reasons.map((r) => r.trim()).filter(Boolean);
  if (given.length === 0) throw new ValidationError('reasons', 'a rejection states its reasons');
  return step(deps, meta, letterId, 'reject', 'credit.letter.rejected', (_trx, letter) =>
    Promise.resolve({
      reasons: given,
      ...(letter.analysis ? { analysis: { ...letter.analysis, decidedBy: meta.userId ?? '', reasons: given } } : {}),
    }),
  );
}

/** The guarantee is registered (lien, fiduciary sale, mortgage): APPROVED → RELEASE_PENDING. */
export function registerGuarantee(
  deps: CreditDeps,
  meta: CommandMeta,
  letterId: string,
  registration: string,
): Promise<StoredLetter> {
  if (registration.trim().length < 3) throw new ValidationError('registration', "must give the registry's reference");
  return step(deps, meta, letterId, 'register_guarantee', 'credit.guarantee.registered', (_trx, letter) =>
    Promise.resolve(letter.analysis ? { analysis: { ...letter.analysis, guaranteeRegistered: true } } : {}),
  );
}

/**
 * A release (§9.2, §9.5): to the seller (whole or a construction tranche) or the asset's costs (≤ 10 % of the
 * credit). Serialized per letter by its row lock, idempotent by key, never more than the balance; payments books E9
 * from `credit.letter.released`.
 */
export async function releaseCredit(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: { letterId: string; kind: 'SELLER' | 'ASSET_COSTS' | undefined; amount: bigint; idempotencyKey: string },
): Promise<{ letter: StoredLetter; releaseId: string }> {
  requireId('letter_id', cmd.letterId);
  const key = requireIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  if (!cmd.kind) throw new ValidationError('kind', 'must be SELLER or ASSET_COSTS');
  const releaseId = await deps.db.transaction(async (trx) => {
    const letter = await lockLetter(trx, cmd.letterId);
    const earlier = await trx('credit.releases')
      .where({ idempotency_key: key })
      .first<{ id: string; letter_id: string; amount: bigint } | undefined>();
    if (earlier) {
      if (earlier.letter_id !== letter.id || earlier.amount !== cmd.amount)
        throw new RuleViolation('idempotency_key_reused', `key ${key} was already used for another release`);
      return earlier.id;
    }
    const money = releaseMoney({
      balance: letter.balance,
      amount: cmd.amount,
      creditAmount: letter.creditAmount,
      kind: cmd.kind!,
      assetCostsSoFar: letter.assetCosts,
    });
    const status = nextLetterStatus(letter.status, money.complete ? 'release_rest' : 'release_part');
    const id = newId();
    await trx('credit.releases').insert({
      id,
      letter_id: letter.id,
      kind: cmd.kind,
      amount: cmd.amount,
      idempotency_key: key,
    });
    await saveLetter(trx, letter.id, {
      status,
      balance: money.balanceAfter,
      released: letter.released + cmd.amount,
      ...(cmd.kind === 'ASSET_COSTS' ? { assetCosts: letter.assetCosts + cmd.amount } : {}),
    });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'credit.letter.released',
        letter.id,
        {
          letterId: letter.id,
          quota: letter.quota,
          releaseId: id,
          kind: cmd.kind!,
          amountCentavos: cmd.amount,
          balanceAfterCentavos: money.balanceAfter,
        },
        meta.correlationId,
      ),
    ]);
    return id;
  });
  return { letter: await getLetter(deps.db, cmd.letterId), releaseId };
}

/** Pays `amount` of a letter to its member (a leftover, a cash-out): the release row, the letter, the event (E9). */
async function payToMember(
  trx: Knex.Transaction,
  meta: CommandMeta,
  letter: StoredLetter,
  pay: {
    amount: bigint;
    key: string;
    status: LetterStatus;
    event: 'credit.letter.released' | 'credit.letter.cashed_out';
  },
): Promise<void> {
  const id = newId();
  const balanceAfter = letter.balance - pay.amount;
  await trx('credit.releases').insert({
    id,
    letter_id: letter.id,
    kind: 'CASH',
    amount: pay.amount,
    idempotency_key: pay.key,
  });
  await saveLetter(trx, letter.id, {
    status: pay.status,
    balance: balanceAfter,
    released: letter.released + pay.amount,
  });
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      pay.event,
      letter.id,
      {
        letterId: letter.id,
        quota: letter.quota,
        releaseId: id,
        kind: 'CASH',
        amountCentavos: pay.amount,
        balanceAfterCentavos: balanceAfter,
      },
      meta.correlationId,
    ),
  ]);
}

/**
 * §9.5 (c): the asset cost less than the credit — once the seller is paid (the letter PARTIALLY_RELEASED), the
 * leftover is paid to the member and the letter CLOSED. Idempotent by key; payments books E9.
 */
export async function settleLeftover(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: { letterId: string; idempotencyKey: string },
): Promise<{ letter: StoredLetter; paid: bigint }> {
  requireId('letter_id', cmd.letterId);
  const key = requireIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  const paid = await deps.db.transaction(async (trx) => {
    const letter = await lockLetter(trx, cmd.letterId);
    const earlier = await trx('credit.releases')
      .where({ idempotency_key: key })
      .first<{ amount: bigint } | undefined>();
    if (earlier) return earlier.amount;
    if (letter.status !== 'PARTIALLY_RELEASED')
      throw new RuleViolation(
        `letter_${letter.status.toLowerCase()}`,
        `the letter is ${letter.status}: a leftover is settled after the seller was paid (PARTIALLY_RELEASED)`,
      );
    const closed = nextLetterStatus(nextLetterStatus(letter.status, 'release_rest'), 'settle_leftover');
    const amount = letter.balance;
    await payToMember(trx, meta, letter, { amount, key, status: closed, event: 'credit.letter.released' });
    return amount;
  });
  return { letter: await getLetter(deps.db, cmd.letterId), paid };
}

/**
 * §9.6: the balance paid to the member when a cash-out is allowed; the record's outstanding balance and overdue
 * amount are read from payments (the owner of money) first.
 */
export async function cashOut(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: { letterId: string; idempotencyKey: string },
): Promise<{ letter: StoredLetter; paid: bigint }> {
  requireId('letter_id', cmd.letterId);
  const key = requireIdempotencyKey('idempotency_key', cmd.idempotencyKey);
  const position = await deps.payments.position((await getLetter(deps.db, cmd.letterId)).quota.quotaId);
  const paid = await deps.db.transaction(async (trx) => {
    const letter = await lockLetter(trx, cmd.letterId);
    const earlier = await trx('credit.releases')
      .where({ idempotency_key: key })
      .first<{ amount: bigint } | undefined>();
    if (earlier) return earlier.amount;
    const group = await getCreditGroup(trx, letter.groupId);
    const amount = cashOutAmount({
      balance: letter.balance,
      daysSinceContemplation: daysBetween(letter.contemplatedOn, deps.clock.today()),
      creditCashOutDays: group.creditCashOutDays,
      outstandingBalance: position.outstanding,
      lastAssemblyHeld: group.lastAssemblyHeld,
      overdueAmount: position.overdue,
    });
    await payToMember(trx, meta, letter, {
      amount,
      key,
      status: nextLetterStatus(letter.status, 'cash_out'),
      event: 'credit.letter.cashed_out',
    });
    return amount;
  });
  return { letter: await getLetter(deps.db, cmd.letterId), paid };
}

/**
 * §9.8: an unused contemplation is cancelled — the letter's balance (credit + yield) returns to the common fund
 * (E19, booked by payments) and the update difference is converted to a percentage of C now for the record.
 */
export async function cancelLetter(
  deps: CreditDeps,
  meta: CommandMeta,
  cmd: { letterId: string; reason: string },
): Promise<{ letter: StoredLetter; conversionPct: bigint }> {
  requireId('letter_id', cmd.letterId);
  if (cmd.reason.trim().length < 5)
    throw new ValidationError('reason', 'must state why the contemplation is cancelled');
  const conversionPct = await deps.db.transaction(async (trx) => {
    const letter = await lockLetter(trx, cmd.letterId);
    const status = nextLetterStatus(letter.status, 'cancel');
    const group = await getCreditGroup(trx, letter.groupId);
    const pct = cancellationConversionPct({
      creditValueNow: group.creditValue,
      creditValueAtContemplation: letter.creditValueAtContemplation,
    });
    await saveLetter(trx, letter.id, { status, balance: 0n });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'credit.letter.cancelled',
        letter.id,
        { letterId: letter.id, quota: letter.quota, balanceReturnedCentavos: letter.balance, conversionPct: pct },
        meta.correlationId,
      ),
    ]);
    return pct;
  });
  return { letter: await getLetter(deps.db, cmd.letterId), conversionPct };
}
