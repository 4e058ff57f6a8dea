export { EVENTS_EXCHANGE, DEFAULT_RETRY_DELAYS_MS, DEFAULT_DELIVERY_LIMIT } from './topology';
export { declareTopology, declareWorkQueue, declareEventsExchange } from './topology';
export type { TopologyOptions, WorkQueueOptions } from './topology';
export { appendToOutbox, type OutboxEventInput, type OutboxEventRecord } from './outbox';
export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
export { Consumer, type ConsumerOptions, type EventContext, type EventHandler } from './consumer';
export {
  HEADER,
  readEventMeta,
  eventPublishOptions,
  failurePublishOptions,
  attemptOf,
  originalRoutingKey,
} from './event-headers';
export type { EventMeta, OutboxMessage } from './event-headers';
export { connectAmqp, checkAmqp, openConfirmChannel } from './amqp-connection';
export type { AmqpConnection, AmqpChannelSource, ConnectAmqpOptions } from './amqp-connection';
export { acceptNewerVersion } from './version-gate';
export {
  routeFailure,
  retryQueueName,
  parkedQueueName,
  consumerQueueNames,
  describeError,
  MAX_ERROR_LENGTH,
} from './retry-policy';
export type { FailureRoute } from './retry-policy';
export { backoffDelay, sleep, type BackoffOptions } from './backoff';
export { topicMatches, findHandler } from './topic-match';
export { BatchConsumer, type BatchConsumerOptions, type BatchItem } from './batch-consumer';
export { ConsumeLoop, type ConsumeLoopOptions, type DeliveryHandler } from './consume-loop';
export { applyOnce, deliveryContext, publishConfirmed, routeFailedMessage, safeAck } from './delivery';
export { silentLogger, type BusLogger } from './bus-logger';
export { LeasedLoop, type LeasedLoopOptions } from './leased-loop';
export { catalogueEntry, outgoingEvents, type CatalogueEntry, type EventCodec } from './event-catalogue';
