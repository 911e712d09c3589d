package io.dive.provider.postgres;

import io.dive.spi.state.StateBackend;
import io.dive.spi.state.StateStore;

/** Serves {@code postgresql://} (and {@code postgres://}) state URLs. */
public final class PostgresStateBackend implements StateBackend {

    @Override
    public boolean accepts(String url) {
        return url.startsWith("postgresql://") || url.startsWith("postgres://");
    }

    @Override
    public StateStore open(String url, String topology, java.util.function.Function<String, String> env) {
        return new PostgresStateStore(PostgresUrl.parse(url, env), topology);
    }
}
