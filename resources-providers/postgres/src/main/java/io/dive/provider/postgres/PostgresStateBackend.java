package io.dive.provider.postgres;

import io.dive.core.state.StateBackend;
import io.dive.core.state.StateStore;

/** Serves {@code postgresql://} (and {@code postgres://}) state URLs. */
public final class PostgresStateBackend implements StateBackend {

    @Override
    public boolean accepts(String url) {
        return url.startsWith("postgresql://") || url.startsWith("postgres://");
    }

    @Override
    public StateStore open(String url, String topology) {
        return new PostgresStateStore(PostgresUrl.parse(url), topology);
    }
}
