/**
 * Payment instruments, pure: the boleto's barcode and linha digitável (FEBRABAN), the PIX BR Code ("copia e cola"),
 * and the signatures of the payment provider's webhooks. No I/O and no clock: dates come in as `YYYY-MM-DD`, instants
 * as unix seconds, money as bigint centavos.
 */
export * from './boleto';
export * from './pix-br-code';
export * from './webhook-signature';
