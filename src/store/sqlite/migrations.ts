// Versioned schema migrations for the embedded SQLite store. Append only: a released
// migration is never edited; a change is a new version.

import type { Migration } from "../migration.ts";

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "input security groups, inputs, endpoints",
    sql: `
      -- IDs are unique across every resource type, as MediaLive's are within an account.
      CREATE TABLE resource_ids (
        id   TEXT PRIMARY KEY,
        kind TEXT NOT NULL
      ) STRICT;

      CREATE TABLE input_security_groups (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        id            TEXT NOT NULL UNIQUE REFERENCES resource_ids(id),
        doc           TEXT NOT NULL,
        deleted_at_ms INTEGER
      ) STRICT;

      CREATE TABLE inputs (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        id            TEXT NOT NULL UNIQUE REFERENCES resource_ids(id),
        doc           TEXT NOT NULL,
        request_id    TEXT UNIQUE,
        deleted_at_ms INTEGER
      ) STRICT;

      -- Which live inputs use which ISG: drives ISG state IDLE/IN_USE and refuses deletes.
      CREATE TABLE input_security_group_uses (
        input_id TEXT NOT NULL REFERENCES inputs(id),
        isg_id   TEXT NOT NULL REFERENCES input_security_groups(id),
        PRIMARY KEY (input_id, isg_id)
      ) STRICT;
      CREATE INDEX input_security_group_uses_by_isg ON input_security_group_uses(isg_id);

      -- One row per push endpoint (its first port).
      CREATE TABLE endpoints (
        input_id TEXT NOT NULL REFERENCES inputs(id),
        pipeline INTEGER NOT NULL CHECK (pipeline IN (0, 1)),
        address  TEXT NOT NULL,
        port     INTEGER NOT NULL,
        PRIMARY KEY (input_id, pipeline)
      ) STRICT;

      -- Every port held by an endpoint (RTP holds a span for FEC). The primary key is
      -- what guarantees no two inputs ever share a port.
      CREATE TABLE port_reservations (
        address  TEXT NOT NULL,
        port     INTEGER NOT NULL,
        input_id TEXT NOT NULL REFERENCES inputs(id),
        PRIMARY KEY (address, port)
      ) STRICT;
    `,
  },
  {
    version: 2,
    description: "channels, attachments, schedules",
    sql: `
      CREATE TABLE channels (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        id            TEXT NOT NULL UNIQUE REFERENCES resource_ids(id),
        doc           TEXT NOT NULL,
        request_id    TEXT UNIQUE,
        deleted_at_ms INTEGER
      ) STRICT;

      -- An input belongs to at most one channel (docs/api.md, Channels): the UNIQUE on
      -- input_id is what guarantees it, even under concurrent creates.
      CREATE TABLE channel_attachments (
        channel_id TEXT NOT NULL REFERENCES channels(id),
        input_id   TEXT NOT NULL UNIQUE REFERENCES inputs(id),
        PRIMARY KEY (channel_id, input_id)
      ) STRICT;

      CREATE TABLE schedule_actions (
        channel_id TEXT NOT NULL REFERENCES channels(id),
        position   INTEGER NOT NULL,
        doc        TEXT NOT NULL,
        PRIMARY KEY (channel_id, position)
      ) STRICT;
    `,
  },
];
