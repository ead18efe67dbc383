import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ALL_TOPICS, DEFAULT_PARTITIONS, dlqTopic } from '@continuity/contracts';
import { createMessagingClient } from '@continuity/messaging';

/** A Kafka broker owned by one bench run: fresh storage, its own ports, contract topics created empty. */
export interface BenchBroker {
  /** `127.0.0.1:<port>` for KAFKA_BROKERS. */
  readonly address: string;
  readonly pid: number;
  /** Stops the JVM (SIGTERM, then SIGKILL) and deletes its storage unless `keep`. */
  stop(keep?: boolean): Promise<void>;
}

export interface BenchBrokerOptions {
  /** Repository root: the jars are in `.cache/kafka/libs` (fetched by tools/kafka/fetch.sh). */
  root: string;
  /** Storage, config and logs go here. */
  dir: string;
  /** JVM heap, as tools/kafka/start.sh gives the shared broker. */
  heap?: string;
  startTimeoutMs?: number;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function serverProperties(dir: string, port: number, controllerPort: number): string {
  // Same settings as tools/kafka/start.sh (one node, broker and controller), other ports and storage.
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${join(dir, 'data')}`,
    `num.partitions=${DEFAULT_PARTITIONS}`,
    'auto.create.topics.enable=false',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=12',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=12',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'message.max.bytes=2097152',
    'replica.fetch.max.bytes=2097152',
    'num.io.threads=4',
    'num.network.threads=2',
    '',
  ].join('\n');
}

function run(cmd: string, args: string[], logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = openSync(logFile, 'w');
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}; see ${logFile}`))));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a single-node KRaft broker with fresh storage on two free ports and creates the
 * CONTRACT.md §1 topics (and their DLQs) with 12 partitions. The services run unchanged against
 * it: they use the contract topic names, and nothing else writes to this broker.
 */
export async function startBenchBroker(o: BenchBrokerOptions): Promise<BenchBroker> {
  const libs = join(o.root, '.cache', 'kafka', 'libs');
  if (!existsSync(libs) || !readdirSync(libs).some((f) => f.startsWith('.complete-'))) {
    throw new Error('Kafka jars missing in .cache/kafka/libs: run `bash tools/kafka/fetch.sh` (or tools/kafka/start.sh) once');
  }
  mkdirSync(join(o.dir, 'logs'), { recursive: true });
  const [port, controllerPort] = [await freePort(), await freePort()];
  const conf = join(o.dir, 'server.properties');
  writeFileSync(conf, serverProperties(o.dir, port, controllerPort));
  const jvm = [`-Xmx${o.heap ?? '512m'}`, `-Xms${o.heap ?? '512m'}`, '-XX:+UseG1GC', '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${join(o.root, 'tools', 'kafka', 'log4j2.properties')}`, `-Dkafka.logs.dir=${join(o.dir, 'logs')}`];
  const classpath = `${libs}/*`;
  // A random 16-byte cluster id, base64url without padding, as kafka-storage random-uuid makes.
  const clusterId = Buffer.from(Array.from({ length: 16 }, () => Math.floor(Math.random() * 256))).toString('base64url');
  await run('java', [...jvm, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', conf], join(o.dir, 'logs', 'format.log'));
  const fd = openSync(join(o.dir, 'logs', 'stdout.log'), 'w');
  const child: ChildProcess = spawn('java', [...jvm, '-cp', classpath, 'kafka.Kafka', conf], { stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid ?? -1;
  const address = `127.0.0.1:${port}`;
  const broker: BenchBroker = {
    address,
    pid,
    async stop(keep = false) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const done = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
        if (!done) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      if (!keep) rmSync(join(o.dir, 'data'), { recursive: true, force: true });
    },
  };
  try {
    await createContractTopics(address, o.startTimeoutMs ?? 120_000, () => child.exitCode !== null);
  } catch (error) {
    await broker.stop();
    throw error;
  }
  return broker;
}

/** Waits for the broker, then creates every contract topic and its DLQ. */
async function createContractTopics(address: string, timeoutMs: number, dead: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const topics = ALL_TOPICS.flatMap((t) => [t, dlqTopic(t)]);
  let last: unknown;
  while (Date.now() < deadline) {
    if (dead()) throw new Error('the bench broker exited while starting; see its logs/stdout.log');
    const admin = createMessagingClient({ brokers: [address], clientId: 'bench-admin', logLevel: 'nothing' }).admin();
    try {
      await admin.ensureTopics(topics, DEFAULT_PARTITIONS);
      return;
    } catch (error) {
      last = error;
      await sleep(1000);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  throw new Error(`the bench broker did not answer within ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}`);
}
