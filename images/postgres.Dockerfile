# dive-local/postgres: Debian bookworm's PostgreSQL 15, started the way DIVE V3 relies on (as the
# official image does): on the first start, POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB make the
# account and the database; later starts keep the data.
ARG BASE=dive-local/debian-postgres:bookworm
FROM ${BASE}
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]
