export * from './rx-events';
