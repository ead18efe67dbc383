import { tier } from './jest.preset';
// Real PostgreSQL and Kafka, provided once for the run by the global setup.
export default tier('int', 'int-spec', {
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  testTimeout: 180_000,
  maxWorkers: 1,
});
