/**
 * The credit service's pure domain (domain §9, §10): the letter's state machine, its money (issue, analysis checks,
 * releases, cash-out, cancellation) and the annual adjustment. No I/O, no clock.
 */
export * from './letter-lifecycle';
export * from './letter-money';
export * from './adjustment';
