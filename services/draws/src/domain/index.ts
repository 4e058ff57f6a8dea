/**
 * The draws service's pure domain (domain §6): the draw key and search sequence, who is eligible, the checks of a
 * bid, the assembly as one pure function, and the settlement of defaults. No I/O, no clock.
 */
export * from './types';
export * from './draw-key';
export * from './eligibility';
export * from './bid-rules';
export * from './run-assembly';
export * from './settlement';
export * from './commitment';
