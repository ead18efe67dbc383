import type { Logger } from '@nestjs/common';
import type { MessagingLogger } from '@continuity/messaging';

/** The messaging lib's logger surface over a Nest logger (pino behind it); debug is dropped. */
export function nestMessagingLogger(logger: Logger): MessagingLogger {
  return {
    debug: () => undefined,
    info: (msg, fields) => logger.log({ ...fields, msg }),
    warn: (msg, fields) => logger.warn({ ...fields, msg }),
    error: (msg, fields) => logger.error({ ...fields, msg }),
  };
}
