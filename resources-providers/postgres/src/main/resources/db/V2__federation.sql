-- Federation facts, written by dive verify and dive drift: the source of truth, not a copy.
CREATE TABLE federation_links (
    topology      text        NOT NULL,
    link          text        NOT NULL,
    status        text        NOT NULL,   -- ACTIVE when every check of both directions passed, else FAILING
    last_verified timestamptz NOT NULL,
    detail        text,
    PRIMARY KEY (topology, link)
);
CREATE TABLE federation_health (
    id        bigserial   PRIMARY KEY,
    topology  text        NOT NULL,
    kind      text        NOT NULL,       -- drift | verify
    ok        boolean     NOT NULL,
    at        timestamptz NOT NULL DEFAULT now(),
    detail    text
);
CREATE INDEX federation_health_topology ON federation_health (topology, id DESC);
