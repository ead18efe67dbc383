export * from './open-api';
export * from './body-parsers';
export * from './bootstrap-service';
export * from './service-kit.module';
