// Versioned schema migrations of the PostgreSQL store, the same tables as the SQLite
// store's. Append only: a released migration is never edited; a change is a new version.
// The store's own versions stay below CLUSTER_MIGRATIONS_FIRST_VERSION: cluster tables
// append their migrations to this list with versions from there on.
//
// Documents are `json`, not `jsonb`: json keeps the text exactly as written (key order
// included, PostgreSQL docs §8.14 "JSON Types"), so a record reads back as the SQLite
// store returns it, and nothing queries inside a document that jsonb's indexing would serve.

import type { Migration } from "../migration.ts";

export const CLUSTER_MIGRATIONS_FIRST_VERSION = 100;

export const STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "input security groups, inputs, endpoints",
    sql: `
      -- IDs are unique across every resource type, as MediaLive's are within an account.
      CREATE TABLE resource_ids (
        id   text PRIMARY KEY,
        kind text NOT NULL
      );

      CREATE TABLE input_security_groups (
        seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id            text NOT NULL UNIQUE REFERENCES resource_ids(id),
        doc           json NOT NULL,
        deleted_at_ms bigint
      );

      CREATE TABLE inputs (
        seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id            text NOT NULL UNIQUE REFERENCES resource_ids(id),
        doc           json NOT NULL,
        request_id    text UNIQUE,
        deleted_at_ms bigint
      );

      -- Which live inputs use which ISG: drives ISG state IDLE/IN_USE and refuses deletes.
      CREATE TABLE input_security_group_uses (
        input_id text NOT NULL REFERENCES inputs(id),
        isg_id   text NOT NULL REFERENCES input_security_groups(id),
        PRIMARY KEY (input_id, isg_id)
      );
      CREATE INDEX input_security_group_uses_by_isg ON input_security_group_uses(isg_id);

      -- One row per push endpoint (its first port).
      CREATE TABLE endpoints (
        input_id text NOT NULL REFERENCES inputs(id),
        pipeline smallint NOT NULL CHECK (pipeline IN (0, 1)),
        address  text NOT NULL,
        port     integer NOT NULL,
        PRIMARY KEY (input_id, pipeline)
      );

      -- Every port held by an endpoint (RTP holds a span for FEC). The primary key is
      -- what guarantees no two inputs ever share a port, whichever API node inserts.
      CREATE TABLE port_reservations (
        address  text NOT NULL,
        port     integer NOT NULL,
        input_id text NOT NULL REFERENCES inputs(id),
        PRIMARY KEY (address, port)
      );
      CREATE INDEX port_reservations_by_input ON port_reservations(input_id);
    `,
  },
  {
    version: 2,
    description: "channels, attachments, schedules",
    sql: `
      CREATE TABLE channels (
        seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id            text NOT NULL UNIQUE REFERENCES resource_ids(id),
        doc           json NOT NULL,
        request_id    text UNIQUE,
        deleted_at_ms bigint
      );

      -- An input belongs to at most one channel (docs/api.md, Channels): the UNIQUE on
      -- input_id is what guarantees it, even under concurrent creates on two API nodes.
      CREATE TABLE channel_attachments (
        channel_id text NOT NULL REFERENCES channels(id),
        input_id   text NOT NULL UNIQUE REFERENCES inputs(id),
        PRIMARY KEY (channel_id, input_id)
      );

      CREATE TABLE schedule_actions (
        channel_id text NOT NULL REFERENCES channels(id),
        position   integer NOT NULL,
        doc        json NOT NULL,
        PRIMARY KEY (channel_id, position)
      );
    `,
  },
];
