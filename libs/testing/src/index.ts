export { testEnvironment, parseBrokers, type TestEnvironment } from './lib/test-environment';
export { createTestDatabase, uniqueDatabaseName, withDatabase, type TestDatabase } from './lib/test-database';
export { createTopics, uniqueTopic } from './lib/test-topics';
export { waitFor, type WaitForOptions } from './lib/wait-for';
export { readTopic, type ReadRecord } from './lib/read-topic';
