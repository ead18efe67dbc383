import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the broker and the database server of a test run come from. */
export type InfrastructureSource = 'environment' | 'containers' | 'local';

/** What the global setup exports to the test workers. */
export interface TestInfrastructure {
  kafkaBrokers: string;
  databaseUrl: string;
  sources: { kafka: InfrastructureSource; database: InfrastructureSource };
}

/** Local fallbacks: the broker of tools/kafka/start.sh, and the server's own `postgres` database as the admin URL. */
export const LOCAL_KAFKA_BROKERS = '127.0.0.1:9092';
export const LOCAL_ADMIN_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Images for the Docker path (the versions the local path runs: Kafka 4 KRaft, PostgreSQL 15). */
const KAFKA_IMAGE = 'confluentinc/cp-kafka:8.0.0';
const POSTGRES_IMAGE = 'postgres:15-alpine';

/** How long to let a container runtime answer before deciding there is none. */
const DOCKER_PROBE_MS = 5_000;

/**
 * Cheap pre-check before loading testcontainers (which takes seconds to import): is there any
 * sign of a Docker engine at all?
 */
function dockerMayBeThere(env: NodeJS.ProcessEnv): boolean {
  if (env['DOCKER_HOST'] || env['TESTCONTAINERS_HOST_OVERRIDE']) return true;
  const home = homedir();
  return [
    '/var/run/docker.sock',
    env['XDG_RUNTIME_DIR'] ? join(env['XDG_RUNTIME_DIR'], 'docker.sock') : '',
    join(home, '.docker/run/docker.sock'),
    join(home, '.docker/desktop/docker.sock'),
    join(home, '.testcontainers.properties'),
  ].some((p) => p !== '' && existsSync(p));
}

async function dockerAnswers(env: NodeJS.ProcessEnv): Promise<boolean> {
  if (!dockerMayBeThere(env)) return false;
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DOCKER_PROBE_MS);
  });
  try {
    return await Promise.race([getContainerRuntimeClient().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function startKafkaContainer(): Promise<string> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  // Same settings as tools/kafka/start.sh where tests can tell the difference.
  const kafka = await new KafkaContainer(KAFKA_IMAGE)
    .withKraft()
    .withEnvironment({
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_NUM_PARTITIONS: '12',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_MESSAGE_MAX_BYTES: '2097152',
      KAFKA_REPLICA_FETCH_MAX_BYTES: '2097152',
    })
    .start();
  return `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
}

async function startPostgresContainer(): Promise<string> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const pg = await new PostgreSqlContainer(POSTGRES_IMAGE).withDatabase('postgres').start();
  return pg.getConnectionUri();
}

/** Runs one of the repository's shell scripts, its output shown to the person running the tests. */
function runScript(rootDir: string, script: string, env: NodeJS.ProcessEnv): void {
  execFileSync('bash', [join(rootDir, script)], { cwd: rootDir, env, stdio: 'inherit' });
}

/**
 * Provides a Kafka broker and a PostgreSQL server for a test run, each from the first source that
 * works: the environment (`KAFKA_BROKERS`, `DATABASE_URL`), else containers when a Docker engine
 * answers (left to testcontainers' reaper to remove), else the local broker
 * (`tools/kafka/start.sh`, left running) and the local PostgreSQL (`tools/db/ensure-postgres.sh`).
 * The contract topics are created in every case but the environment's.
 */
export async function provideTestInfrastructure(rootDir: string, env: NodeJS.ProcessEnv): Promise<TestInfrastructure> {
  const givenKafka = env['KAFKA_BROKERS'];
  const givenDatabase = env['DATABASE_URL'];
  if (givenKafka && givenDatabase) {
    return { kafkaBrokers: givenKafka, databaseUrl: givenDatabase, sources: { kafka: 'environment', database: 'environment' } };
  }

  if (await dockerAnswers(env)) {
    const [kafkaBrokers, databaseUrl] = await Promise.all([
      givenKafka ?? startKafkaContainer(),
      givenDatabase ?? startPostgresContainer(),
    ]);
    if (!givenKafka) {
      // Services expect the contract topics to exist; the broker container does not auto-create them.
      execFileSync(
        join(rootDir, 'node_modules/.bin/ts-node'),
        ['--transpile-only', '-r', 'tsconfig-paths/register', 'tools/kafka/create-topics.ts', '--brokers', kafkaBrokers],
        { cwd: rootDir, stdio: 'inherit' },
      );
    }
    return {
      kafkaBrokers,
      databaseUrl,
      sources: { kafka: givenKafka ? 'environment' : 'containers', database: givenDatabase ? 'environment' : 'containers' },
    };
  }

  if (!givenDatabase) runScript(rootDir, 'tools/db/ensure-postgres.sh', env);
  if (!givenKafka) runScript(rootDir, 'tools/kafka/start.sh', env);
  return {
    kafkaBrokers: givenKafka ?? LOCAL_KAFKA_BROKERS,
    databaseUrl: givenDatabase ?? LOCAL_ADMIN_DATABASE_URL,
    sources: { kafka: givenKafka ? 'environment' : 'local', database: givenDatabase ? 'environment' : 'local' },
  };
}
