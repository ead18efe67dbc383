export * from './health-probes';
export * from './health-options';
export * from './pg-pool-ping';
export * from './health.controller';
export * from './health.module';
