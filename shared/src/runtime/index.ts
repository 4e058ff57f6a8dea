/** One service process's plumbing, the same for every service: database, broker, relay, consumer, timers, gRPC. */
export {
  openServiceRuntime,
  type RuntimeOptions,
  type ServeOptions,
  type ServiceRuntime,
  type RunningRuntime,
} from './service-runtime';
