/**
 * The payment provider port: the bank (or PSP) that issues boleto and PIX charges and notifies settlements by a
 * signed webhook. The use cases talk to this interface; `LocalBankProvider` is the implementation this repository
 * ships, and a real bank's API client would be another.
 */

export type ChargeMethodName = 'BOLETO' | 'PIX';

/** What the platform asks the provider to charge. */
export interface ChargeOrder {
  /** Unique per charge, sequential: the boleto's "nosso número", and the source of the PIX txid. */
  sequence: bigint;
  method: ChargeMethodName;
  amount: bigint;
  dueOn: string;
}

/** What the provider answers: the instrument the member pays with. */
export interface IssuedCharge {
  /** The reference the provider's settlement notices carry (PIX txid or boleto nosso número). */
  txid: string;
  barcode: string | null;
  digitableLine: string | null;
  pixPayload: string | null;
}

/** A settlement notice, once its signature and shape are verified. */
export interface SettlementNotice {
  /** The provider's own id of the money movement: notices are deduplicated by it. */
  transactionId: string;
  /** The charge's reference (IssuedCharge.txid). */
  txid: string;
  amount: bigint;
  paidOn: string;
}

/** Why a notice was refused; logged with the provider's name, never with the body. */
export type NoticeRejection = 'missing' | 'malformed' | 'stale' | 'mismatch';

export interface PaymentProvider {
  readonly name: string;
  issue(order: ChargeOrder): IssuedCharge;
  /**
   * Verifies the signature of a raw notice at `nowSeconds`, then parses it.
   * @returns the notice, or the reason it is refused (`mismatch` for a bad signature).
   * @throws ValidationError naming the field when a correctly signed body is not a valid notice.
   */
  readNotice(
    rawBody: Uint8Array,
    signatureHeader: string | undefined,
    nowSeconds: number,
  ): { ok: true; notice: SettlementNotice } | { ok: false; reason: NoticeRejection };
}
