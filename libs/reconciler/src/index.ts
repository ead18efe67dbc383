export * from './lib/partition-clock';
export * from './lib/reconciler-events';
export * from './lib/partition-log';
export * from './lib/reconciler';
export * from './lib/reconciler.migrations';
export * from './lib/nest/reconciler-app.module';
export * from './lib/nest/reconciler.service';
export * from './lib/nest/reconciler.tokens';
