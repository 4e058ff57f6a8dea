/**
 * The logger methods the bus and actors use: pino's call shape (`log.info({ payload }, 'msg')`),
 * declared here so these modules do not depend on the log folder.
 */
export interface BusLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A logger that drops everything (the default when none is given). */
export const silentLogger: BusLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
