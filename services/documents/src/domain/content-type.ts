/**
 * The content types a document may have, and what its first bytes must be. A declared type is believed only when the
 * bytes agree: a `.exe` or an HTML page renamed `.pdf` is refused, whatever the client says.
 */
export const ALLOWED_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export type AllowedContentType = (typeof ALLOWED_CONTENT_TYPES)[number];

const SIGNATURES: Record<AllowedContentType, readonly number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

/** The declared type without parameters, lower case: `Application/PDF; charset=x` → `application/pdf`. */
export function normalizeContentType(declared: string): string {
  return (declared.split(';')[0] ?? '').trim().toLowerCase();
}

export function isAllowedContentType(type: string): type is AllowedContentType {
  return (ALLOWED_CONTENT_TYPES as readonly string[]).includes(type);
}

/** The allowed type the bytes' signature shows, or undefined for anything else (an executable, HTML, text…). */
export function sniffContentType(bytes: Uint8Array): AllowedContentType | undefined {
  return ALLOWED_CONTENT_TYPES.find((type) => SIGNATURES[type].every((b, i) => bytes[i] === b));
}
