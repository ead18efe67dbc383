/**
 * Jest global setup of the int and e2e tiers (jest.int.config.ts, jest.e2e.config.ts): provides a
 * broker and a database server once for the run and exports `KAFKA_BROKERS` and `DATABASE_URL`
 * (an admin URL: tests create their own databases from it) to every test worker.
 *
 * Only relative imports here: Jest loads a global setup without the workspace's module aliases.
 */
import { resolve } from 'node:path';
import { provideTestInfrastructure } from './lib/test-infrastructure';

export default async function globalSetup(): Promise<void> {
  const rootDir = resolve(__dirname, '../../..');
  const infra = await provideTestInfrastructure(rootDir, process.env);
  // Workers are forked after this returns, so they inherit these.
  process.env['KAFKA_BROKERS'] = infra.kafkaBrokers;
  process.env['DATABASE_URL'] = infra.databaseUrl;
  const where = new URL(infra.databaseUrl);
  console.log(
    `\ntest infrastructure: kafka ${infra.kafkaBrokers} (${infra.sources.kafka}), ` +
      `postgres ${where.host} (${infra.sources.database})`,
  );
}
