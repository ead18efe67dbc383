/**
 * Where the int/e2e tests find their broker and database server: the one place that reads the
 * variables the global setup (`global-setup.ts`) exports for every test worker.
 */
export interface TestEnvironment {
  /** Kafka bootstrap servers (`KAFKA_BROKERS`, comma-separated). */
  brokers: string[];
  /**
   * A URL of the PostgreSQL server with the right to create databases (`DATABASE_URL`). Tests never
   * write in it: they create their own database from it with `createTestDatabase()`.
   */
  adminDatabaseUrl: string;
}

/** Splits a `host:port,host:port` list, ignoring blanks. */
export function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

/** Reads the test environment; throws when the global setup did not run (a unit test asking for infrastructure). */
export function testEnvironment(env: NodeJS.ProcessEnv = process.env): TestEnvironment {
  const brokers = env['KAFKA_BROKERS'];
  const adminDatabaseUrl = env['DATABASE_URL'];
  if (!brokers || !adminDatabaseUrl) {
    throw new Error(
      'KAFKA_BROKERS and DATABASE_URL are not set: run this test through jest.int.config.ts or jest.e2e.config.ts, whose global setup provides them',
    );
  }
  return { brokers: parseBrokers(brokers), adminDatabaseUrl };
}
