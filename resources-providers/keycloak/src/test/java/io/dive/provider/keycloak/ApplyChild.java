package io.dive.provider.keycloak;

import io.dive.core.apply.ApplyListener;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.state.State;
import io.dive.spi.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A separate process that applies a topology against a Keycloak, to be killed mid-apply: args MANIFEST URL FINGERPRINT-KEY. */
public final class ApplyChild {

    public static void main(String[] args) {
        Map<String, String> env = new HashMap<>();
        env.put("DIVE_KEYCLOAK_URL", args[1]);
        env.put("DIVE_FINGERPRINT_KEY", args[2]);
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(Path.of(args[0]), null, env::get, registry, io.dive.spi.Log.NONE);
             StateStore.StateLock lock = s.lock("apply child", Duration.ZERO)) {
            State state = s.store().read();
            var result = s.apply(s.plan(state, PlanOptions.all()), state, ApplyListener.NONE, 10);
            // What failed, for the test's message (a child's failure is otherwise only its exit code).
            result.outcomes().stream().filter(o -> o.message() != null).forEach(o -> System.err.println(o.message()));
            System.exit(result.succeeded() ? 0 : 1);
        }
    }
}
