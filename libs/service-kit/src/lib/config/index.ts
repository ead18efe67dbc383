export * from './api-key';
export * from './app-config';
export * from './continuity-config';
export * from './validate-config';
export * from './continuity-config.module';
