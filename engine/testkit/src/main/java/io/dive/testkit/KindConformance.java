package io.dive.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.plan.ResourceChange;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Action;
import io.dive.spi.Address;
import io.dive.spi.ObserveRequest;
import io.dive.spi.ResourceRef;
import io.dive.spi.state.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test every resource kind passes against its real server. A provider's test extends it and says
 * how to write a topology holding the resource under test, and how to change that resource out of
 * band with the server's own API.
 */
public abstract class KindConformance {

    @TempDir
    protected Path dir;

    /** The topology text; {@code withSubject=false} leaves the resource under test out (its deps stay). */
    protected abstract String topology(boolean withSubject);

    /** The resource under test. */
    protected abstract Address subject();

    /** Changes the subject on the server, bypassing dive. */
    protected abstract void changeOutOfBand();

    protected Map<String, String> env() {
        return System.getenv();
    }

    private Path write(boolean withSubject) throws IOException {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, topology(withSubject));
        return file;
    }

    private ApplyResult apply(Path file) {
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(file, null, env()::get, registry, io.dive.spi.Log.to(System.err))) {
            State state = s.store().read();
            Planned planned = s.plan(state, PlanOptions.all());
            ApplyResult r = s.apply(planned, state, ApplyListener.NONE, 10);
            assertTrue(r.succeeded(), () -> "apply failed: " + r.outcomes());
            return r;
        }
    }

    private Planned plan(Path file) {
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(file, null, env()::get, registry, io.dive.spi.Log.to(System.err))) {
            return s.plan(s.store().read(), PlanOptions.all());
        }
    }

    private ResourceChange subjectChange(Planned p) {
        return p.plan().changes().stream().filter(c -> c.address().equals(subject())).findFirst().orElseThrow();
    }

    @Test
    void afterCreateThePlanIsEmpty() throws IOException {
        Path file = write(true);
        assertEquals(Action.CREATE, subjectChange(plan(file)).action());
        apply(file);
        Planned again = plan(file);
        assertFalse(again.plan().hasChanges(), () -> "changes after apply: " + again.plan().changes().stream().filter(ResourceChange::isChange).toList());
    }

    @Test
    void anOutOfBandChangeIsDriftAndApplyRepairsIt() throws IOException {
        Path file = write(true);
        apply(file);
        changeOutOfBand();
        ResourceChange drift = subjectChange(plan(file));
        assertTrue(drift.isChange(), "the out-of-band change was not seen");
        apply(file);
        assertFalse(plan(file).plan().hasChanges(), "apply did not repair the drift");
    }

    @Test
    void applyingTwiceEqualsApplyingOnce() throws IOException {
        Path file = write(true);
        apply(file);
        JsonNode first = stateOf(file);
        ApplyResult second = apply(file);
        assertTrue(second.outcomes().stream().allMatch(o -> o.action() == Action.NOOP), () -> "second apply changed: " + second.outcomes());
        assertEquals(first, stateOf(file));
    }

    @Test
    void afterDeleteReadSaysAbsent() throws IOException {
        Path file = write(true);
        apply(file);
        // Observe as a plan would: with what state recorded (server ids). Without it, a kind that
        // finds its objects by recorded id would say "absent" whatever the server still holds.
        JsonNode recorded = stateOf(file);
        assertNotNull(recorded, "the apply recorded nothing for the subject");
        assertNotNull(observeSubject(file, recorded), "the subject is not observed right after its create");
        write(false);
        ResourceChange removal = subjectChange(plan(file));
        assertEquals(Action.DELETE, removal.action());
        apply(file);
        assertNull(stateOf(file), "the delete left the subject in state");
        assertNull(observeSubject(file, recorded), "the resource is still there after its delete");
    }

    private JsonNode stateOf(Path file) {
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(file, null, env()::get, registry, io.dive.spi.Log.to(System.err))) {
            var e = s.store().read().get(subject().toString());
            return e == null ? null : e.attributes();
        }
    }

    private JsonNode observeSubject(Path file, JsonNode recorded) {
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(file, null, env()::get, registry, io.dive.spi.Log.to(System.err))) {
            var ref = new ResourceRef(subject(), null, recorded);
            return s.context().provider(subject().type()).observe(new ObserveRequest(List.of(ref))).get(subject());
        }
    }
}
