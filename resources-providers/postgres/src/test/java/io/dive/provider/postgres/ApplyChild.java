package io.dive.provider.postgres;

import io.dive.core.apply.ApplyListener;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.state.State;
import io.dive.spi.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A separate process that applies a topology with PostgreSQL state, to be killed mid-apply. */
public final class ApplyChild {

    public static void main(String[] args) {
        Map<String, String> env = Map.of("DIVE_FINGERPRINT_KEY", "pg-test"); // the test's own runs' key: they resume what it began
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(Path.of(args[0]), args[1], env::get, registry, io.dive.spi.Log.to(System.err));
             StateStore.StateLock lock = s.lock("apply child", Duration.ZERO)) {
            State state = s.store().read();
            System.exit(s.apply(s.plan(state, PlanOptions.all()), state, ApplyListener.NONE, 1).succeeded() ? 0 : 1);
        }
    }
}
