import type { Knex } from 'knex';
import type { PersonalDataKeys } from '@consorcio/shared/crypto';
import { AlreadyExistsError } from '@consorcio/shared/errors';
import type { MemberKind } from '../domain';
import { ERASED, NO_LEGACY, openMember, sealMember, type MemberPersonal, type PersonalColumns } from './member-sealing';

/** A member without their personal data: what the seat rules need, read without decrypting anything. */
export interface MemberRef {
  id: string;
  kind: MemberKind;
  spouseMemberId: string | null;
  createdAt: Date;
  /** Set once the member's personal data was erased (LGPD). */
  erasedAt: Date | null;
}

/** A member with their personal data in clear (empty fields once erased). Never put into events or logs. */
export type MemberRecord = MemberRef & MemberPersonal;

interface MemberRow extends PersonalColumns {
  id: string;
  kind: MemberKind;
  spouse_member_id: string | null;
  created_at: Date;
  erased_at: Date | null;
}

const TABLE = 'groups.members';

const toRef = (row: Pick<MemberRow, 'id' | 'kind' | 'spouse_member_id' | 'created_at' | 'erased_at'>): MemberRef => ({
  id: row.id,
  kind: row.kind,
  spouseMemberId: row.spouse_member_id,
  createdAt: row.created_at,
  erasedAt: row.erased_at,
});

function toRecord(pii: PersonalDataKeys, row: MemberRow): MemberRecord {
  const personal: MemberPersonal =
    row.erased_at !== null
      ? { document: '', name: '', email: '', phone: '', address: null, bankAccount: null }
      : openMember(pii, row.id, row);
  return { ...toRef(row), ...personal };
}

/**
 * Stores a new member, personal data encrypted.
 * @throws AlreadyExistsError when the document's blind index is taken (a concurrent registration of the same CPF).
 */
export async function insertMember(
  trx: Knex.Transaction,
  pii: PersonalDataKeys,
  m: Omit<MemberRecord, 'createdAt' | 'erasedAt'>,
): Promise<MemberRecord> {
  try {
    const [row] = (await trx(TABLE)
      .insert({
        id: m.id,
        kind: m.kind,
        spouse_member_id: m.spouseMemberId,
        ...sealMember(pii, m.id, m),
        ...NO_LEGACY,
      })
      .returning('*')) as MemberRow[];
    return toRecord(pii, row!);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new AlreadyExistsError('member', 'with this document');
    throw err;
  }
}

/** The member without personal data (nothing decrypted), or null. */
export async function getMember(db: Knex, id: string): Promise<MemberRef | null> {
  const row = (await db(TABLE).where({ id }).first()) as MemberRow | undefined;
  return row ? toRef(row) : null;
}

/** The member with their personal data decrypted, or null; `forUpdate` locks the row (erasure). */
export async function readMemberRecord(
  db: Knex,
  pii: PersonalDataKeys,
  id: string,
  forUpdate = false,
): Promise<MemberRecord | null> {
  const q = db(TABLE).where({ id }).first();
  const row = (await (forUpdate ? q.forUpdate() : q)) as MemberRow | undefined;
  return row ? toRecord(pii, row) : null;
}

/** The id of the member with this CPF/CNPJ (digits), found by its blind index (or a not yet sealed legacy row). */
export async function memberIdByDocument(db: Knex, pii: PersonalDataKeys, document: string): Promise<string | null> {
  const row: { id: string } | undefined = await db(TABLE)
    .where({ document_index: pii.index.ofDocument(document) })
    .orWhere({ legacy_document: document })
    .first('id');
  return row?.id ?? null;
}

/** Empties every personal column of the member and sets `erased_at`; the id, kind and spouse link stay. */
export async function eraseMemberRow(trx: Knex.Transaction, id: string, at: Date): Promise<MemberRef> {
  const [row] = (await trx(TABLE)
    .where({ id })
    .update({ ...ERASED, erased_at: at })
    .returning('*')) as MemberRow[];
  return toRef(row!);
}

/** The member and their linked spouse (and anyone who linked them as spouse): they share the cap. */
export async function linkedMemberIds(db: Knex, memberId: string): Promise<string[]> {
  const rows: { id: string; spouse_member_id: string | null }[] = await db(TABLE)
    .where({ id: memberId })
    .orWhere({ spouse_member_id: memberId })
    .select('id', 'spouse_member_id');
  const ids = new Set<string>([memberId]);
  for (const r of rows) {
    ids.add(r.id);
    if (r.spouse_member_id) ids.add(r.spouse_member_id);
  }
  return [...ids];
}
