import { tier } from './jest.preset';
// Whole services against the real broker and database.
export default tier('e2e', 'e2e-spec', {
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  testTimeout: 600_000,
  maxWorkers: 1,
});
