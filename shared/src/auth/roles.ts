/** Every role the platform knows. Staff: ADMIN, OPERATOR, AUDITOR; people: MEMBER; machines: SERVICE. */
export const ROLES = ['ADMIN', 'OPERATOR', 'AUDITOR', 'MEMBER', 'SERVICE'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** True when `value` names a known role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Subjects of service tokens look like `service:<name>`, so they can never collide with a user id (a UUID). */
export const SERVICE_SUBJECT_PREFIX = 'service:';
