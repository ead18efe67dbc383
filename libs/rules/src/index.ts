export * from './lib/model';
export * from './lib/scope';
export * from './lib/expectation';
export * from './lib/duplication';
export * from './lib/wake';
export * from './lib/ids';
