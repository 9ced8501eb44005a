// The cluster's coordination tables in PostgreSQL: zones, nodes, the pipelines StartChannel
// wants running and who holds each of them under which epoch. Append only, versions from 100
// up: the PostgreSQL store applies its own list first, then this one. No foreign key reaches
// the store's tables (another list owns them), so a channel id is plain text here.
//
// Times that decide ownership (heartbeat_at, expires_at) are written with the database's
// now(), so every node compares them against one clock (PostgreSQL docs §9.9.5, "Current
// Date/Time": now() is the start time of the current transaction).

/** The stores' migration shape (version, description, sql), restated so the cluster depends on no store. */
export interface ClusterMigration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const CLUSTER_MIGRATIONS: readonly ClusterMigration[] = [
  {
    version: 100,
    description: "cluster zones, nodes, wanted pipelines and their leases",
    sql: `
      CREATE TABLE cluster_zone (
        name           text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        -- Push endpoint addresses of this zone (endpoint 0 of an input in one zone, 1 in another).
        push_addresses inet[] NOT NULL DEFAULT '{}',
        updated_at     timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE cluster_node (
        node_id        text PRIMARY KEY CHECK (length(node_id) BETWEEN 1 AND 128),
        role           text NOT NULL CHECK (role IN ('all', 'api', 'worker')),
        -- API-only nodes run no pipeline and have no zone.
        zone           text REFERENCES cluster_zone (name),
        capacity_units integer NOT NULL CHECK (capacity_units >= 0),
        -- New at every process start: tells a restart from a node that kept running.
        incarnation    uuid NOT NULL,
        -- Where zone peers ask "can you reach the database?" when they cannot (empty: nowhere).
        control_url    text NOT NULL DEFAULT '',
        state          text NOT NULL CHECK (state IN ('ACTIVE', 'LEFT')),
        started_at     timestamptz NOT NULL DEFAULT now(),
        heartbeat_at   timestamptz NOT NULL DEFAULT now(),
        CHECK (role = 'api' OR zone IS NOT NULL)
      );

      -- One sequence for every claim of every pipeline: an epoch is never handed out twice,
      -- even when a channel is stopped (its rows deleted) and started again.
      CREATE SEQUENCE cluster_epoch AS bigint;

      CREATE TABLE cluster_pipeline (
        channel_id  text NOT NULL,
        pipeline    smallint NOT NULL CHECK (pipeline IN (0, 1)),
        zone        text NOT NULL REFERENCES cluster_zone (name),
        cost_units  integer NOT NULL CHECK (cost_units > 0),
        desired_at  timestamptz NOT NULL DEFAULT now(),
        -- The lease: at most one holder per pipeline (the primary key), valid until expires_at.
        holder      text REFERENCES cluster_node (node_id),
        epoch       bigint NOT NULL DEFAULT 0 CHECK (epoch >= 0),
        expires_at  timestamptz,
        -- What the holder reports (state, active input, alerts), written only under its epoch.
        report      jsonb,
        reported_at timestamptz,
        PRIMARY KEY (channel_id, pipeline),
        -- The two pipelines of a STANDARD channel never share a zone.
        UNIQUE (channel_id, zone),
        CHECK ((holder IS NULL) = (expires_at IS NULL))
      );
      CREATE INDEX cluster_pipeline_claimable ON cluster_pipeline (zone, desired_at);
      CREATE INDEX cluster_pipeline_holder ON cluster_pipeline (holder) WHERE holder IS NOT NULL;

      -- Epochs only grow, and every new holder comes with a new epoch: a fencing token that
      -- went backwards would let a replaced holder's writes through again.
      CREATE FUNCTION cluster_pipeline_epoch_grows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.epoch < OLD.epoch THEN
          RAISE EXCEPTION 'cluster_pipeline %/%: epoch % would go back to %', OLD.channel_id, OLD.pipeline, OLD.epoch, NEW.epoch
            USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.holder IS NOT NULL AND NEW.holder IS DISTINCT FROM OLD.holder AND NEW.epoch <= OLD.epoch THEN
          RAISE EXCEPTION 'cluster_pipeline %/%: a new holder needs a new epoch', OLD.channel_id, OLD.pipeline
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER cluster_pipeline_epoch_grows BEFORE UPDATE ON cluster_pipeline
        FOR EACH ROW EXECUTE FUNCTION cluster_pipeline_epoch_grows();
    `,
  },
  {
    version: 101,
    description: "push endpoints of inputs per zone",
    sql: `
      -- Each push endpoint of an input with the zone whose pool its address came from: fixed for
      -- the input's life, as MediaLive's endpoints are. released_at: the input was deleted.
      CREATE TABLE cluster_input_endpoint (
        input_id    text NOT NULL,
        pipeline    smallint NOT NULL CHECK (pipeline IN (0, 1)),
        zone        text NOT NULL REFERENCES cluster_zone (name),
        address     inet NOT NULL,
        port        integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
        created_at  timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        PRIMARY KEY (input_id, pipeline),
        -- Endpoint 0 and endpoint 1 of one input never share a zone.
        UNIQUE (input_id, zone)
      );
      -- No two live endpoints on one address and port, whichever API node allocates.
      CREATE UNIQUE INDEX cluster_input_endpoint_live_port ON cluster_input_endpoint (address, port) WHERE released_at IS NULL;
      CREATE INDEX cluster_input_endpoint_live_address ON cluster_input_endpoint (address) WHERE released_at IS NULL;
    `,
  },
  {
    version: 102,
    description: "the latest thumbnail of each held pipeline",
    sql: `
      -- What DescribeThumbnails answers on any node: the holder's latest picture, written only
      -- under its epoch, gone with the wanted pipeline (StopChannel deletes the rows).
      CREATE TABLE cluster_thumbnail (
        channel_id text NOT NULL,
        pipeline   smallint NOT NULL,
        epoch      bigint NOT NULL,
        jpeg       bytea NOT NULL,
        taken_at   timestamptz NOT NULL,
        PRIMARY KEY (channel_id, pipeline),
        FOREIGN KEY (channel_id, pipeline) REFERENCES cluster_pipeline ON DELETE CASCADE
      );
    `,
  },
];
