/** One pure builder per journal entry kind (E1–E19), grouped by what they book. */
export type { BookEntries, ComponentSplit, PaymentSource } from './journal-lines';
export * from './journal-entries-contributions';
export * from './journal-entries-credits';
export * from './journal-entries-funds';
