/** Test helpers of the messaging lib (int tests, benchmark): not part of its runtime API. */
export * from './dataset';
export * from './publish';
export * from './store-checks';
export * from './test-consumer';
