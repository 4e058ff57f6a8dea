import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import type { DocumentRef } from '@consorcio/shared/gen/consorcio/credit/v1/credit';
import { requireId } from '@consorcio/shared/input';
import { checkGuaranteeCoverage, checkPaymentCapacity, nextLetterStatus, type LetterTrigger } from '../domain';
import { getCreditGroup, getLetter, lockLetter, saveLetter, type StoredLetter } from '../db/letters-repo';
import { sealSeller } from '../db/seller-sealing';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type CreditDeps } from './deps';

/**
 * How a letter gets to be used (domain §9.3–9.4): documents uploaded, the member's usage request, the analysis, the
 * decision by another operator, the guarantee. Each step is one transition of §9.2 under the letter's row lock.
 */

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

/**
 * §9.3: the member asks to use the letter for an asset, with its seller, price and documents (names + SHA-256). The
 * seller may be a person: its name and CPF/CNPJ are stored encrypted, outside the `usage` jsonb.
 */
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
  return step(deps, meta, cmd.letterId, 'request_usage', 'credit.letter.usage_requested', (_trx, letter) =>
    Promise.resolve({
      seller: sealSeller(deps.pii, letter.id, {
        name: cmd.sellerName.trim(),
        document: cmd.sellerDocument.replace(/\D/g, ''),
      }),
      usage: {
        assetDescription: cmd.assetDescription.trim(),
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
