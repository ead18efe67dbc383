/**
 * Child-process entry of the crash test: runs the test consumer service until killed.
 * Usage: node -r ts-node/register/transpile-only -r tsconfig-paths/register consumer-main.ts '<TestConsumerConfig JSON>'
 */
import 'reflect-metadata';
import { startTestConsumer, type TestConsumerConfig } from './test-consumer';

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as TestConsumerConfig;
  const consumer = await startTestConsumer(config);
  process.stdout.write('consumer started\n');
  const stop = (): void => {
    consumer.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`consumer-main failed: ${String(error)}\n`);
  process.exit(1);
});
