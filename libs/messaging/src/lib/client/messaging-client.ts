import { Kafka, Partitioners, type Consumer as KafkaConsumer, type ConsumerConfig } from 'kafkajs';
import { KafkaJsAdmin, type MessagingAdmin } from './admin';
import { kafkaLogCreator, silentLogger, toKafkaLogLevel, type MessagingLogLevel, type MessagingLogger } from './messaging-logger';
import { KafkaJsProducer, type Compression, type Producer } from './producer';

/** Connection settings, parsed once at boot by the app (CONTRACT.md §5 `KAFKA_BROKERS`). */
export interface MessagingClientConfig {
  brokers: string[];
  clientId: string;
  /** kafkajs's own chatter; default 'warn'. */
  logLevel?: MessagingLogLevel;
  logger?: MessagingLogger;
}

export interface ProducerOptions {
  /**
   * Idempotent producer: the broker drops the retries of a batch it already wrote, so a
   * network blip does not duplicate a record. Implies one request in flight, to keep order.
   */
  idempotent: boolean;
  compression?: Compression;
  /**
   * Retries of a failed send before it throws; kafkajs's default (unbounded when idempotent).
   * With a bound, a producer whose send failed must be discarded: its sequence numbers may no
   * longer match the broker's, which could then drop a later batch as a duplicate.
   */
  retries?: number;
}

/** Entry point to Kafka for services and tools. kafkajs types never leave this lib. */
export interface MessagingClient {
  readonly clientId: string;
  readonly logger: MessagingLogger;
  producer(options: ProducerOptions): Producer;
  admin(): MessagingAdmin;
}

/** Builds kafkajs consumers for the runner; kept out of the public interface. */
interface KafkaConsumerFactory {
  kafkaConsumer(config: ConsumerConfig): KafkaConsumer;
}

class KafkaMessagingClient implements MessagingClient, KafkaConsumerFactory {
  private readonly kafka: Kafka;
  readonly clientId: string;
  readonly logger: MessagingLogger;

  constructor(config: MessagingClientConfig) {
    this.clientId = config.clientId;
    this.logger = config.logger ?? silentLogger;
    this.kafka = new Kafka({
      brokers: config.brokers,
      clientId: config.clientId,
      logLevel: toKafkaLogLevel(config.logLevel ?? 'warn'),
      logCreator: kafkaLogCreator(this.logger),
    });
  }

  producer(options: ProducerOptions): Producer {
    const producer = this.kafka.producer({
      // Named explicitly: the murmur2 partitioner Java clients use, so a patient key lands on the
      // same partition whoever publishes it (and naming it is what silences kafkajs's v2 warning).
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: options.idempotent,
      ...(options.retries === undefined ? {} : { retry: { retries: options.retries } }),
      ...(options.idempotent ? { maxInFlightRequests: 1 } : {}),
    });
    return new KafkaJsProducer(producer, options.compression);
  }

  admin(): MessagingAdmin {
    return new KafkaJsAdmin(this.kafka.admin());
  }

  kafkaConsumer(config: ConsumerConfig): KafkaConsumer {
    return this.kafka.consumer(config);
  }
}

/** Creates the client. Nothing connects until a producer, admin or runner does. */
export function createMessagingClient(config: MessagingClientConfig): MessagingClient {
  if (config.brokers.length === 0) throw new Error('createMessagingClient: at least one broker is required');
  return new KafkaMessagingClient(config);
}

/** The kafkajs consumer factory behind a client made by {@link createMessagingClient} (lib-internal). */
export function consumerFactoryOf(client: MessagingClient): KafkaConsumerFactory {
  if (!(client instanceof KafkaMessagingClient)) {
    throw new Error('ConsumerRunner needs a client made by createMessagingClient');
  }
  return client;
}
