-- Generated secrets and the fingerprint key of each topology, sealed (AES-256-GCM) under the operator's
-- state key, which never reaches this database: what every runner of the topology shares.
CREATE TABLE dive_secrets (
    topology   text        NOT NULL,
    name       text        NOT NULL,
    sealed     bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topology, name)
);
