import { tier } from './jest.preset';
// Whole services against the real broker and database.
export default tier('e2e', 'e2e-spec', {
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  testTimeout: 600_000,
  // Once every test has finished, exit even if a client left a socket open: seen once in CI, a
  // kafkajs connection outlived its int test (all 73 passed) and held the run until the 90-minute
  // limit. Jest still prints "Force exiting Jest", so a leak stays visible.
  forceExit: true,
  maxWorkers: 1,
});
