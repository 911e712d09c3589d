package io.dive.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.Session;
import io.dive.core.plan.AttributeChange;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.plan.ResourceChange;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.state.State;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** What provider tests do again and again: plan a topology (and apply it), and summarize the plan. */
public final class Runs {

    private Runs() {
    }

    /** Plans the topology; with {@code apply}, applies that plan and fails the test if anything failed. */
    public static Planned plan(Path manifest, Map<String, String> env, boolean apply) {
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(manifest, null, env::get, registry, io.dive.spi.Log.to(System.err))) {
            State state = s.store().read();
            Planned p = s.plan(state, PlanOptions.all());
            if (apply) {
                ApplyResult r = s.apply(p, state, ApplyListener.NONE, 10);
                assertTrue(r.succeeded(), () -> "apply failed: " + r.outcomes().stream().filter(o -> o.message() != null).toList());
            }
            return p;
        }
    }

    /** Applies the topology's plan and returns the result, failures included. */
    public static ApplyResult applyAllowingFailure(Path manifest, Map<String, String> env) {
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(manifest, null, env::get, registry, io.dive.spi.Log.to(System.err))) {
            State state = s.store().read();
            return s.apply(s.plan(state, PlanOptions.all()), state, ApplyListener.NONE, 10);
        }
    }

    /** What {@code dive status} hears from the providers' live probes, for the topology as it stands. */
    public static java.util.List<io.dive.spi.HealthProbe.Finding> health(Path manifest, Map<String, String> env) {
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(manifest, null, env::get, registry, io.dive.spi.Log.to(System.err))) {
            return io.dive.core.ops.HealthProbes.of(s);
        }
    }

    /** address -> "action[changed paths]", for the resources that change. */
    public static Map<String, String> changes(Planned p) {
        Map<String, String> out = new TreeMap<>();
        p.plan().changes().stream().filter(ResourceChange::isChange).forEach(c -> out.put(c.address().toString(),
                c.action().json() + c.attributes().stream().map(AttributeChange::path).toList()));
        return out;
    }
}
