import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreTables } from '../schema-name';

/** The session setting that lets a person alter stored events by hand (tamper tests, repairs). */
export const ALLOW_TAMPER_SETTING = 'continuity.allow_tamper';

/**
 * DDL of the event store in one schema. `position` has no default on purpose: `append` gives
 * gapless positions under its lock, so a stray INSERT that bypasses it fails instead of
 * silently breaking the order readers rely on.
 */
function createSql(schema: string): string[] {
  const t = eventStoreTables(schema);
  return [
    `CREATE TABLE ${t.events} (
      position        bigint NOT NULL,
      transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
      stream_id       text NOT NULL,
      stream_version  integer NOT NULL CHECK (stream_version > 0),
      source          text NOT NULL,
      event_id        text NOT NULL,
      type            text NOT NULL,
      clinical_time   timestamptz,
      recorded_time   timestamptz,
      ingested_at     timestamptz NOT NULL DEFAULT now(),
      kafka_topic     text,
      kafka_partition integer,
      kafka_offset    bigint,
      data            jsonb NOT NULL,
      metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
      tags            text[] NOT NULL DEFAULT '{}',
      hash            bytea NOT NULL CHECK (octet_length(hash) = 32),
      prev_hash       bytea CHECK (octet_length(prev_hash) = 32),
      CONSTRAINT events_pkey PRIMARY KEY (stream_id, stream_version),
      CONSTRAINT events_source_event_id_key UNIQUE (source, event_id),
      CONSTRAINT events_position_key UNIQUE (position),
      CONSTRAINT events_kafka_all_or_none CHECK (
        (kafka_topic IS NULL) = (kafka_partition IS NULL) AND (kafka_topic IS NULL) = (kafka_offset IS NULL))
    )`,
    `CREATE INDEX events_transaction_position_idx ON ${t.events} (transaction_id, position)`,
    `CREATE INDEX events_clinical_time_idx ON ${t.events} (clinical_time, position)`,
    // Topic first: a service consumes several topics with the same partition numbers.
    `CREATE INDEX events_kafka_partition_idx ON ${t.events} (kafka_topic, kafka_partition, position)
       WHERE kafka_topic IS NOT NULL`,
    `CREATE INDEX events_tags_idx ON ${t.events} USING gin (tags)`,
    `CREATE FUNCTION ${t.schema}.events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
     BEGIN
       IF coalesce(current_setting('${ALLOW_TAMPER_SETTING}', true), '') = 'on' THEN
         IF TG_LEVEL = 'ROW' AND TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         IF TG_LEVEL = 'ROW' THEN RETURN NEW; END IF;
         RETURN NULL;
       END IF;
       RAISE EXCEPTION 'events are append-only: % on %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
         USING HINT = 'the hash chain records every event; corrections are new events';
     END
     $fn$`,
    `CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON ${t.events}
       FOR EACH ROW EXECUTE FUNCTION ${t.schema}.events_append_only()`,
    `CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON ${t.events}
       FOR EACH STATEMENT EXECUTE FUNCTION ${t.schema}.events_append_only()`,
    `CREATE TABLE ${t.rejectedMessages} (
      id            bigserial PRIMARY KEY,
      topic         text NOT NULL,
      partition     integer NOT NULL,
      kafka_offset  bigint NOT NULL,
      key           bytea,
      value         bytea,
      headers       jsonb NOT NULL DEFAULT '{}'::jsonb,
      error_code    text NOT NULL,
      error_detail  text NOT NULL DEFAULT '',
      received_at   timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT rejected_messages_coordinates_key UNIQUE (topic, partition, kafka_offset)
    )`,
    `CREATE TABLE ${t.consumerOffsets} (
      consumer_group text NOT NULL,
      topic          text NOT NULL,
      partition      integer NOT NULL,
      next_offset    bigint NOT NULL,
      updated_at     timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT consumer_offsets_pkey PRIMARY KEY (consumer_group, topic, partition)
    )`,
    `CREATE TABLE ${t.outbox} (
      id          bigserial PRIMARY KEY,
      topic       text NOT NULL,
      key         bytea,
      value       bytea,
      headers     jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at  timestamptz NOT NULL DEFAULT now(),
      sent_at     timestamptz
    )`,
    `CREATE INDEX outbox_unsent_idx ON ${t.outbox} (id) WHERE sent_at IS NULL`,
  ];
}

function dropSql(schema: string): string[] {
  const t = eventStoreTables(schema);
  return [
    `DROP TABLE ${t.outbox}`,
    `DROP TABLE ${t.consumerOffsets}`,
    `DROP TABLE ${t.rejectedMessages}`,
    `DROP TABLE ${t.events}`,
    `DROP FUNCTION ${t.schema}.events_append_only()`,
  ];
}

/**
 * The TypeORM migrations of the event store for one service schema, oldest first. Each class
 * ends with its timestamp (TypeORM orders by it) and its `name` carries the schema, so two
 * services' migrations never share a name. The schema must exist first (`ensureSchema`).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
export function eventStoreMigrations(schema: string): Function[] {
  eventStoreTables(schema); // validates the name now rather than at migration time

  class EventStore1732780000000 implements MigrationInterface {
    name = `EventStore_${schema}_1732780000000`;

    async up(q: QueryRunner): Promise<void> {
      for (const sql of createSql(schema)) await q.query(sql);
    }

    async down(q: QueryRunner): Promise<void> {
      for (const sql of dropSql(schema)) await q.query(sql);
    }
  }

  return [EventStore1732780000000];
}
