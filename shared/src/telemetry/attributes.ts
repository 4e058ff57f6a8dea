/**
 * Span attribute names of the consórcio domain, declared once so every service spells them alike.
 *
 * Only identifiers and enumerations belong here — never PII: no CPF/CNPJ, names, e-mails, phone
 * numbers, addresses, bank accounts or free text. Money amounts stay out as well (they identify a
 * member's situation); put them in logs with the right retention instead.
 */
export const ATTR_GROUP_ID = 'consorcio.group.id';
/** A quota (cota) of a group; its internal id, not the member's. */
export const ATTR_QUOTA_ID = 'consorcio.quota.id';
export const ATTR_ASSEMBLY_ID = 'consorcio.assembly.id';
/** The internal member id (never the CPF). */
export const ATTR_MEMBER_ID = 'consorcio.member.id';
export const ATTR_INSTALLMENT_ID = 'consorcio.installment.id';
export const ATTR_CREDIT_LETTER_ID = 'consorcio.credit_letter.id';
/** The integration event type, e.g. `groups.quota.enrolled.v1`. */
export const ATTR_EVENT_TYPE = 'consorcio.event.type';
export const ATTR_EVENT_ID = 'consorcio.event.id';
/** The command or request idempotency key. */
export const ATTR_IDEMPOTENCY_KEY = 'consorcio.idempotency.key';
/** The lock resource name (`lock:<what>:{id}`) and the fencing token its holder got. */
export const ATTR_LOCK_RESOURCE = 'consorcio.lock.resource';
export const ATTR_LOCK_FENCE = 'consorcio.lock.fence';
