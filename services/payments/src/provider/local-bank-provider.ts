import { isValidDate } from '@consorcio/shared/clock';
import { ValidationError } from '@consorcio/shared/errors';
import { barcode, buildPixPayload, digitableLine, signWebhook, verifyWebhook } from '../domain';
import type { ChargeOrder, IssuedCharge, PaymentProvider, SettlementNotice } from './payment-provider';

/** The collecting account and the webhook secret of {@link LocalBankProvider}. */
export interface LocalBankOptions {
  name: string;
  webhookSecret: string;
  /** Three-digit bank code printed on boletos. */
  bankCode: string;
  /** Four-digit agency and eight-digit account of the collecting account (the boleto's free field). */
  agency?: string;
  account?: string;
  pixKey: string;
  merchantName: string;
  merchantCity: string;
}

/**
 * A provider in the shape of a Brazilian collecting bank: FEBRABAN boletos (barcode with its due factor and
 * amount, and the digitable line) whose free field carries the agency, the account and the "nosso número"; static
 * PIX BR Codes with the charge's txid; settlement notices as JSON signed with HMAC-SHA256 (`x-signature:
 * t=<unix>,v1=<hex>`). It talks to no network: the bank side of the conversation (paying and notifying) is
 * `signNotice`, which tests and the simulation use as the bank would.
 */
export class LocalBankProvider implements PaymentProvider {
  readonly name: string;

  constructor(private readonly o: LocalBankOptions) {
    if (!/^\d{3}$/.test(o.bankCode)) throw new ValidationError('PROVIDER_BANK_CODE', 'must be three digits');
    if (o.webhookSecret.length < 16) throw new ValidationError('PROVIDER_WEBHOOK_SECRET', 'must be ≥ 16 characters');
    this.name = o.name;
  }

  issue(order: ChargeOrder): IssuedCharge {
    const ourNumber = order.sequence.toString().padStart(13, '0');
    if (ourNumber.length > 13) throw new ValidationError('sequence', 'the nosso número has at most 13 digits');
    if (order.method === 'BOLETO') {
      const freeField = `${this.o.agency ?? '0001'}${this.o.account ?? '00000001'}${ourNumber}`;
      const code = barcode({
        bank: this.o.bankCode,
        currency: '9',
        dueDate: order.dueOn,
        amount: order.amount,
        freeField,
      });
      return { txid: `B${ourNumber}`, barcode: code, digitableLine: digitableLine(code).formatted, pixPayload: null };
    }
    const txid = `P${ourNumber}`;
    const pixPayload = buildPixPayload({
      key: this.o.pixKey,
      amount: order.amount,
      merchantName: this.o.merchantName,
      merchantCity: this.o.merchantCity,
      txid,
    });
    return { txid, barcode: null, digitableLine: null, pixPayload };
  }

  readNotice(rawBody: Uint8Array, signatureHeader: string | undefined, nowSeconds: number) {
    const verdict = verifyWebhook(this.o.webhookSecret, signatureHeader, rawBody, nowSeconds);
    if (!verdict.ok) return { ok: false as const, reason: verdict.reason };
    return { ok: true as const, notice: parseNotice(rawBody) };
  }

  /** The bank's side: the body and signature header of a settlement notice, as its webhook sends them. */
  signNotice(notice: SettlementNotice, nowSeconds: number): { body: Buffer; signature: string } {
    const body = Buffer.from(
      JSON.stringify({
        transaction_id: notice.transactionId,
        txid: notice.txid,
        amount_centavos: notice.amount.toString(),
        paid_on: notice.paidOn,
      }),
    );
    return { body, signature: signWebhook(this.o.webhookSecret, body, nowSeconds) };
  }
}

/** A notice's JSON body: `{transaction_id, txid, amount_centavos, paid_on}`. */
function parseNotice(rawBody: Uint8Array): SettlementNotice {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(rawBody).toString('utf8'));
  } catch {
    throw new ValidationError('body', 'must be a JSON settlement notice');
  }
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const text = (field: string, pattern: RegExp, rule: string): string => {
    const v = o[field];
    if (typeof v !== 'string' || !pattern.test(v)) throw new ValidationError(`body.${field}`, rule);
    return v;
  };
  const transactionId = text('transaction_id', /^[\x21-\x7e]{8,128}$/, 'must be 8..128 printable characters');
  const txid = text('txid', /^[A-Za-z0-9]{1,25}$/, 'must be 1..25 letters or digits');
  const amount = BigInt(text('amount_centavos', /^[1-9]\d{0,15}$/, 'must be a positive whole number of centavos'));
  const paidOn = text('paid_on', /^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
  if (!isValidDate(paidOn)) throw new ValidationError('body.paid_on', 'must be a valid date');
  return { transactionId, txid, amount, paidOn };
}
