export * from './rx-events';
export * from './interleavings';
