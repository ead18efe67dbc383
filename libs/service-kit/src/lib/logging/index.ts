export * from './redaction';
export * from './request-id';
export * from './pino-options';
export * from './logging.module';
