export * from './given';
export * from './parsed-event';
export * from './arrivals';
export * from './outcomes';
export * from './domain-events';
export * from './across-partitions';
export * from './live-log';
export * from './log-properties';
