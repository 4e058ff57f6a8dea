/**
 * What the integration harnesses of services share: access tokens signed with a fresh key, polling until a
 * condition holds, and publishing another service's events as its relay would. Kept apart from `../testing`, whose
 * span collector must load before grpc-js, pg and amqplib so their instrumentation can patch them — these helpers
 * load those libraries.
 */
export * from './test-tokens';
export * from './publish-event';
export * from './consumer-queues';
