import type { Knex } from 'knex';
import type { MemberKind } from '../domain';

/** A member as stored. Personal data never leaves this service in events or logs. */
export interface MemberRecord {
  id: string;
  kind: MemberKind;
  document: string;
  name: string;
  email: string;
  phone: string;
  spouseMemberId: string | null;
  createdAt: Date;
}

interface MemberRow {
  id: string;
  kind: MemberKind;
  document: string;
  name: string;
  email: string;
  phone: string;
  spouse_member_id: string | null;
  created_at: Date;
}

const TABLE = 'groups.members';

function toMember(row: MemberRow): MemberRecord {
  return {
    id: row.id,
    kind: row.kind,
    document: row.document,
    name: row.name,
    email: row.email,
    phone: row.phone,
    spouseMemberId: row.spouse_member_id,
    createdAt: row.created_at,
  };
}

export async function insertMember(trx: Knex.Transaction, m: Omit<MemberRecord, 'createdAt'>): Promise<MemberRecord> {
  const [row] = (await trx(TABLE)
    .insert({
      id: m.id,
      kind: m.kind,
      document: m.document,
      name: m.name,
      email: m.email,
      phone: m.phone,
      spouse_member_id: m.spouseMemberId,
    })
    .returning('*')) as MemberRow[];
  return toMember(row!);
}

export async function getMember(db: Knex, id: string): Promise<MemberRecord | null> {
  const row = (await db(TABLE).where({ id }).first()) as MemberRow | undefined;
  return row ? toMember(row) : null;
}

export async function memberExistsWithDocument(db: Knex, document: string): Promise<boolean> {
  return Boolean(await db(TABLE).where({ document }).first('id'));
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
