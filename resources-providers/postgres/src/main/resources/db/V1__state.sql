-- dive's state in PostgreSQL, version 1. One source of truth per fact: these tables are it.
CREATE TABLE dive_states (
    topology    text PRIMARY KEY,
    lineage     text        NOT NULL,
    serial      bigint      NOT NULL,
    document    jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- Who holds a topology's advisory lock, so a refusal can name them. A crashed holder's row stays
-- behind, but its lock is gone with its session, and the next holder overwrites the row.
CREATE TABLE dive_locks (
    topology    text PRIMARY KEY,
    lock_key    bigint      NOT NULL,
    username    text        NOT NULL,
    host        text        NOT NULL,
    pid         bigint      NOT NULL,
    command     text        NOT NULL,
    since       timestamptz NOT NULL
);
-- Every apply and drift run (the domain's state_transitions / federation_operations audit).
CREATE TABLE dive_runs (
    id          bigserial   PRIMARY KEY,
    topology    text        NOT NULL,
    command     text        NOT NULL,
    username    text        NOT NULL,
    host        text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    summary     jsonb       NOT NULL,
    success     boolean     NOT NULL
);
CREATE INDEX dive_runs_topology ON dive_runs (topology, id DESC);
CREATE TABLE dive_run_resources (
    run_id      bigint      NOT NULL REFERENCES dive_runs (id) ON DELETE CASCADE,
    address     text        NOT NULL,
    action      text        NOT NULL,
    status      text        NOT NULL,
    message     text
);
CREATE INDEX dive_run_resources_run ON dive_run_resources (run_id);
