package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --exclude ADDR} on plan, apply and destroy: the resource is left out, with what depends on it (and, for a destroy, what it needs). */
class ExcludeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    DiveRunner dive;
    Path manifest;
    MemoryServer server;

    @BeforeEach
    void setUp() throws Exception {
        dive = new DiveRunner(dir);
        manifest = dir.resolve("topology.yaml");
        server = MemoryServer.at(dir.resolve("server.json").toString());
        Files.writeString(manifest, ApplyLifecycleTest.topology(""));
    }

    Set<String> planned(String... args) throws Exception {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("plan", "--json"));
        all.addAll(java.util.List.of(args));
        all.add(manifest.toString());
        DiveRunner.Result r = dive.run(all.toArray(String[]::new));
        assertEquals(0, r.code(), r::toString);
        Set<String> out = new TreeSet<>();
        for (JsonNode c : JSON.readTree(r.out()).path("changes")) {
            out.add(c.path("action").asText() + " " + c.path("address").asText());
        }
        return out;
    }

    @Test
    void aResourceIsLeftOutWithWhatDependsOnIt() throws Exception {
        assertEquals(Set.of("create group.hub", "create item.hub/alice"), planned("--exclude", "item.hub/bob"));
        assertEquals(Set.of(), planned("--exclude", "group.hub"), "the items need their group");

        // Saved with --exclude, applied from the file: bob is still left out.
        Path plan = dir.resolve("change.plan");
        assertEquals(0, dive.run("plan", "--exclude", "item.hub/bob", "--out", plan.toString(), manifest.toString()).code());
        DiveRunner.Result applied = dive.run("apply", "--auto-approve", plan.toString());
        assertEquals(0, applied.code(), applied::toString);
        assertNotNull(server.get("item.hub/alice"));
        assertNull(server.get("item.hub/bob"), "an excluded resource was created");

        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        assertNotNull(server.get("item.hub/bob"));
    }

    @Test
    void aDestroyKeepsTheExcludedResourceAndWhatItNeeds() throws Exception {
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        DiveRunner.Result destroy = dive.run("destroy", "--auto-approve", "--exclude", "item.hub/alice", manifest.toString());
        assertEquals(0, destroy.code(), destroy::toString);
        assertNull(server.get("item.hub/bob"));
        assertNotNull(server.get("item.hub/alice"), "the excluded resource was destroyed");
        assertNotNull(server.get("group.hub"), "what the excluded resource needs was destroyed");
    }

    @Test
    void anUnknownAddressIsOneLine() {
        DiveRunner.Result r = dive.run("plan", "--exclude", "item.hub/carol", manifest.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("--exclude item.hub/carol: no such resource in the manifest or in state"), r::toString);
    }

    @Test
    void theSameAddressTargetedAndExcludedIsAUsageError() throws Exception {
        for (String command : java.util.List.of("plan", "apply", "destroy")) {
            DiveRunner.Result r = dive.run(command, "--target", "item.hub/bob", "--exclude", "item.hub/bob",
                    manifest.toString());
            assertEquals(64, r.code(), command + ": " + r);
            assertTrue(r.err().contains("--target item.hub/bob and --exclude item.hub/bob name the same resource"), r::toString);
        }
        DiveRunner.Result replace = dive.run("destroy", "--replace", "group.hub", manifest.toString());
        assertEquals(64, replace.code(), replace::toString);
        assertEquals(0, server.size(), "nothing may be applied");
    }
}
