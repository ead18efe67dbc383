import { logLevel as KafkaLogLevel, type logCreator } from 'kafkajs';

/**
 * The logging surface the messaging lib needs. pino, Nest's Logger (through a two-line adapter)
 * or a test spy all fit. Fields must never carry patient data beyond pseudonymous keys.
 */
export interface MessagingLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Log levels accepted by {@link createMessagingClient}; kafkajs's own enum stays inside this lib. */
export type MessagingLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A logger that writes one JSON line per entry to stderr; handy in scripts. */
export function jsonLineLogger(name: string): MessagingLogger {
  const write =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      process.stderr.write(`${JSON.stringify({ level, name, message, ...fields })}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

const KAFKA_LEVELS: Record<MessagingLogLevel, KafkaLogLevel> = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
};

/** Maps our level to kafkajs's numeric one. */
export function toKafkaLogLevel(level: MessagingLogLevel): KafkaLogLevel {
  return KAFKA_LEVELS[level];
}

/**
 * kafkajs warns whenever an idempotent producer has bounded retries. Our bounded producers are
 * discarded after a failed send (see ProducerOptions.retries), which is what the warning asks for.
 */
const HANDLED_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/** Routes kafkajs's internal log entries to a {@link MessagingLogger}. */
export function kafkaLogCreator(logger: MessagingLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      // kafkajs puts `message` and `timestamp` in the entry; the rest are structured fields.
      const { message, timestamp: _timestamp, ...fields } = log;
      const withNamespace = { kafkajs: namespace, ...fields };
      if (message === HANDLED_WARNING) {
        logger.debug(message, withNamespace);
        return;
      }
      switch (level) {
        case KafkaLogLevel.ERROR:
          logger.error(message, withNamespace);
          break;
        case KafkaLogLevel.WARN:
          logger.warn(message, withNamespace);
          break;
        case KafkaLogLevel.INFO:
          logger.info(message, withNamespace);
          break;
        default:
          logger.debug(message, withNamespace);
      }
    };
}
