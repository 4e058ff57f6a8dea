export * from './clock';
export * from './controlled-clock';
export * from './calendar-date';
export * from './business-day';
export * from './bank-holidays';
export * from './shared-clock';
