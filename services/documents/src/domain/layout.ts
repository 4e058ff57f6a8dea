/**
 * A generated document as plain data: what it says, in order, without any PDF detail. The pure builders make one
 * (`contract-layout.ts`, `minutes-layout.ts`); `pdf/render-pdf.ts` turns it into bytes.
 */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** Label and value pairs, one per line. */
  | { kind: 'fields'; rows: readonly (readonly [string, string])[] }
  | { kind: 'table'; headers: readonly string[]; rows: readonly (readonly string[])[]; empty: string };

export interface DocumentLayout {
  title: string;
  subject: string;
  /** The PDF's CreationDate and ModDate: the source event's time, so the same input gives the same bytes. */
  createdAt: Date;
  blocks: readonly Block[];
}
