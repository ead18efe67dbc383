export * from './given';
export * from './parsed-event';
