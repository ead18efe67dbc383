import { quoteSchema } from '@continuity/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SHARED_FACT_CHANGED } from './reconciler-events';

/**
 * Indexes the reconciler's own reads need on top of the event store's: the downtime topic's
 * rows by type (folded at every tick) and a partition's clock stream.
 */
export function reconcilerMigrations(schema: string): Array<new () => MigrationInterface> {
  const s = quoteSchema(schema);
  class ReconcilerIndexes1764300000000 implements MigrationInterface {
    name = `ReconcilerIndexes_${schema}_1764300000000`;
    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE INDEX IF NOT EXISTS events_topic_type_position ON ${s}.events (kafka_topic, type, position)`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP INDEX IF EXISTS ${s}.events_topic_type_position`);
    }
  }
  /** How far an instance read a downtime partition is looked up by Kafka offset. */
  class ReconcilerOffsetIndex1764310000000 implements MigrationInterface {
    name = `ReconcilerOffsetIndex_${schema}_1764310000000`;
    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE INDEX IF NOT EXISTS events_topic_partition_offset ON ${s}.events (kafka_topic, kafka_partition, kafka_offset)`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP INDEX IF EXISTS ${s}.events_topic_partition_offset`);
    }
  }
  /** A shared stage folds its fact changes by position, at every tick that states some. */
  class ReconcilerSharedFactsIndex1764320000000 implements MigrationInterface {
    name = `ReconcilerSharedFactsIndex_${schema}_1764320000000`;
    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE INDEX IF NOT EXISTS events_shared_facts ON ${s}.events (position) WHERE type = '${SHARED_FACT_CHANGED}'`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP INDEX IF EXISTS ${s}.events_shared_facts`);
    }
  }
  return [ReconcilerIndexes1764300000000, ReconcilerOffsetIndex1764310000000, ReconcilerSharedFactsIndex1764320000000];
}
