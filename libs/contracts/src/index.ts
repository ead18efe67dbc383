export * from './lib/topics';
export * from './lib/parsed-event';
export * from './lib/error-codes';
