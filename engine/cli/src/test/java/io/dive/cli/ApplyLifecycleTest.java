package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.testkit.Golden;
import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan and apply through the CLI against the in-memory provider: idempotent, minimal, safe deletes. */
class ApplyLifecycleTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    DiveRunner dive;
    Path manifest;
    MemoryServer server;

    @BeforeEach
    void setUp() {
        dive = new DiveRunner(dir);
        manifest = dir.resolve("topology.yaml");
        server = MemoryServer.at(dir.resolve("server.json").toString());
    }

    static String topology(String extraItems) {
        return """
                name: lifecycle
                providers:
                  memory: {store: server.json}
                resources:
                  - type: group
                    name: hub
                    attributes: {title: Hub}
                  - type: item
                    name: hub/alice
                    attributes: {value: "1", tags: [a, b]}
                  - type: item
                    name: hub/bob
                    attributes: {value: "2", nested: {clearance: SECRET}}
                """ + extraItems;
    }

    void write(String text) throws Exception {
        Files.writeString(manifest, text);
    }

    JsonNode planJson() throws Exception {
        DiveRunner.Result r = dive.run("plan", "--json", manifest.toString());
        assertEquals(0, r.code(), r::toString);
        return JSON.readTree(r.out());
    }

    @Test
    void secondPlanAfterApplyIsEmptyAndSendsNoWrite() throws Exception {
        write(topology(""));
        DiveRunner.Result first = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, first.code(), first::toString);
        assertEquals(3, server.size());
        long writes = server.writes();

        JsonNode plan = planJson();
        assertEquals(0, plan.path("changes").size(), plan::toString);
        assertEquals(3, plan.path("summary").path("noop").asInt());
        DiveRunner.Result again = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, again.code(), again::toString);
        assertEquals(writes, server.writes(), "a no-op apply wrote to the server");
        assertEquals(0, dive.run("plan", "--detailed-exitcode", manifest.toString()).code(),
                "--detailed-exitcode must say 0 when nothing changes");
    }

    @Test
    void oneChangedAttributeIsExactlyOneUpdate() throws Exception {
        write(topology(""));
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        write(topology("").replace("clearance: SECRET", "clearance: TOP_SECRET"));
        JsonNode plan = planJson();
        assertEquals(1, plan.path("changes").size(), plan::toString);
        JsonNode change = plan.path("changes").get(0);
        assertEquals("item.hub/bob", change.path("address").asText());
        assertEquals("update", change.path("action").asText());
        assertEquals("nested.clearance", change.path("attributes").get(0).path("path").asText());
        assertEquals("SECRET", change.path("attributes").get(0).path("before").asText());
        assertEquals("TOP_SECRET", change.path("attributes").get(0).path("after").asText());
        assertEquals(2, dive.run("plan", "--detailed-exitcode", manifest.toString()).code());

        long writes = server.writes();
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        assertEquals(writes + 1, server.writes(), "one update must be one write, nothing recreated");
        assertEquals("TOP_SECRET", server.get("item.hub/bob").path("nested").path("clearance").asText());
    }

    @Test
    void destroyingATargetDestroysWhatDependsOnItAndListsItFirst() throws Exception {
        write(topology("""
                  - type: group
                    name: other
                  - type: item
                    name: other/uses-hub
                    depends_on: [item.hub/alice]
                """));
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        DiveRunner.Result r = dive.run("destroy", "--auto-approve", "--json", "--target", "group.hub", manifest.toString());
        assertEquals(0, r.code(), r::toString);
        JsonNode result = JSON.readTree(r.out());
        java.util.Set<String> deleted = new java.util.TreeSet<>();
        result.path("changes").forEach(c -> deleted.add(c.path("action").asText() + " " + c.path("address").asText()));
        assertEquals(java.util.Set.of("delete group.hub", "delete item.hub/alice", "delete item.hub/bob", "delete item.other/uses-hub"), deleted,
                result::toString);
        assertEquals(java.util.Set.of("group.other"), server.list().keySet(), "only what does not depend on the target stays");
        assertEquals(java.util.List.of("group.other"), dive.run("state", "list", manifest.toString()).out().lines().toList());
    }

    @Test
    void anAdoptionIsShownBeforeItHappensInTextJsonAndMarkdown() throws Exception {
        write(topology(""));
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        server.put("item.hub/carol", JSON.createObjectNode().put("value", "manual"));
        write(topology("""
                  - type: item
                    name: hub/carol
                    attributes: {value: manual}
                """));
        DiveRunner.Result text = dive.run("plan", "--detailed-exitcode", manifest.toString());
        assertEquals(2, text.code(), text::toString);
        assertTrue(text.out().contains("# item.hub/carol will be adopted (exists already, not made by dive: recorded as adopted, never deleted by dive)"),
                text::toString);
        assertTrue(text.out().contains("  <= item.hub/carol"), text::toString);
        assertTrue(text.out().contains("Plan: 0 to create, 0 to update, 0 to replace, 0 to delete, 1 to adopt, 3 unchanged."), text::toString);
        JsonNode plan = planJson();
        assertEquals(1, plan.path("summary").path("adopt").asInt(), plan::toString);
        assertEquals("adopt", plan.path("changes").get(0).path("action").asText(), plan::toString);
        assertTrue(dive.run("plan", "--markdown", manifest.toString()).out().contains("<code>&lt;= item.hub/carol</code> will be adopted"));
        long writes = server.writes();
        DiveRunner.Result applied = dive.run("apply", "--auto-approve", manifest.toString());
        assertTrue(applied.out().contains("1 adopted"), applied::toString);
        assertEquals(writes, server.writes(), "an adoption sends nothing to the server");
        assertEquals("adopted", stateStatus("item.hub/carol"));
        assertEquals(0, dive.run("plan", "--detailed-exitcode", manifest.toString()).code());
    }

    @Test
    void removedResourceIsDeletedButAnUnownedObjectIsNeverDeleted() throws Exception {
        // An object made by hand before dive knew of it: dive adopts it, and must never delete it.
        ObjectNode handMade = JSON.createObjectNode().put("value", "manual");
        server.put("item.hub/carol", handMade);
        write(topology("""
                  - type: item
                    name: hub/carol
                    attributes: {value: manual}
                """));
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        assertEquals("adopted", stateStatus("item.hub/carol"));

        write(topology("").replace("""
                  - type: item
                    name: hub/alice
                    attributes: {value: "1", tags: [a, b]}
                """, ""));
        JsonNode plan = planJson();
        assertEquals(2, plan.path("changes").size(), plan::toString);
        assertEquals("item.hub/alice", plan.path("changes").get(0).path("address").asText());
        assertEquals("delete", plan.path("changes").get(0).path("action").asText());
        // What dive did not make is not deleted, and the plan says so instead of keeping quiet.
        assertEquals("item.hub/carol", plan.path("changes").get(1).path("address").asText());
        assertEquals("forget", plan.path("changes").get(1).path("action").asText());
        assertEquals("not created by dive: dropped from state, not deleted", plan.path("changes").get(1).path("reason").asText());
        assertEquals(1, plan.path("summary").path("forget").asInt(), plan::toString);

        DiveRunner.Result r = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, r.code(), r::toString);
        assertNull(server.get("item.hub/alice"));
        assertNotNull(server.get("item.hub/carol"), "dive deleted an object it did not create");
        assertFalse(dive.run("state", "list", "--state", dir.resolve(".dive/state.json").toString()).out().contains("item.hub/carol"));
    }

    @Test
    void humanPlanMatchesGoldenFile() throws Exception {
        write(topology("""
                  - type: item
                    name: hub/dave
                    attributes: {value: "4", secret: "${secret:env:DIVE_TEST_DAVE_SECRET}"}
                """));
        dive.env.put("DIVE_TEST_DAVE_SECRET", "hunter2-dave");
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        write(topology("""
                  - type: item
                    name: hub/dave
                    attributes: {value: "5", secret: "${secret:env:DIVE_TEST_DAVE_SECRET}"}
                """).replace("title: Hub", "title: Hub of hubs").replace("""
                  - type: item
                    name: hub/alice
                    attributes: {value: "1", tags: [a, b]}
                """, "") + """
                  - type: item
                    name: hub/erin
                    attributes: {value: "6"}
                """);
        dive.env.put("DIVE_TEST_DAVE_SECRET", "rotated-dave");
        Golden.assertMatches("plan-human.txt", dive.run("plan", manifest.toString()).out());
        Golden.assertMatches("plan.json", dive.run("plan", "--json", manifest.toString()).out());
        Golden.assertMatches("plan.md", dive.run("plan", "--markdown", manifest.toString()).out());
    }

    @Test
    void replaceForcedByAttributeAndByOption() throws Exception {
        write(topology("").replace("title: Hub", "title: Hub, immutable: v1"));
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        write(topology("").replace("title: Hub", "title: Hub, immutable: v2"));
        JsonNode plan = planJson();
        // The group is replaced, and its items go with it.
        assertEquals(3, plan.path("summary").path("replace").asInt(), plan::toString);
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        assertEquals(0, planJson().path("changes").size());

        DiveRunner.Result r = dive.run("plan", "--json", "--replace", "item.hub/alice", manifest.toString());
        JsonNode forced = JSON.readTree(r.out());
        assertEquals(1, forced.path("summary").path("replace").asInt(), r::toString);
        assertEquals("--replace", forced.path("changes").get(0).path("reason").asText());
    }

    @Test
    void targetLimitsToTheResourceAndItsDependencies() throws Exception {
        write(topology(""));
        DiveRunner.Result r = dive.run("apply", "--auto-approve", "--target", "item.hub/alice", manifest.toString());
        assertEquals(0, r.code(), r::toString);
        assertNotNull(server.get("group.hub"));
        assertNotNull(server.get("item.hub/alice"));
        assertNull(server.get("item.hub/bob"));
        assertEquals(1, planJson().path("summary").path("create").asInt());
    }

    @Test
    void outOfBandDeletionIsRecreatedAndDestroyRemovesOnlyWhatDiveMade() throws Exception {
        // (in a group of its own: the server refuses to delete a group that still holds items)
        server.put("item.other/carol", JSON.createObjectNode().put("value", "manual"));
        write(topology("""
                  - type: item
                    name: other/carol
                    attributes: {value: manual}
                """));
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        server.remove("item.hub/alice");
        JsonNode plan = planJson();
        assertEquals("create", plan.path("changes").get(0).path("action").asText());
        assertEquals("deleted outside dive", plan.path("changes").get(0).path("reason").asText());
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());

        DiveRunner.Result d = dive.run("destroy", "--auto-approve", manifest.toString());
        assertEquals(0, d.code(), d::toString);
        assertEquals(1, server.size(), "destroy must leave exactly the adopted object");
        assertNotNull(server.get("item.other/carol"));
        assertEquals("", dive.run("state", "list", "--state", dir.resolve(".dive/state.json").toString()).out());
    }

    String stateStatus(String address) throws Exception {
        DiveRunner.Result r = dive.run("state", "show", address, manifest.toString());
        assertEquals(0, r.code(), r::toString);
        return JSON.readTree(r.out()).path("status").asText();
    }

    @Test
    void stateShowAndRm() throws Exception {
        write(topology(""));
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        assertEquals("created", stateStatus("item.hub/bob"));
        DiveRunner.Result rm = dive.run("state", "rm", "item.hub/bob", manifest.toString());
        assertEquals(0, rm.code(), rm::toString);
        assertTrue(server.get("item.hub/bob") != null, "state rm must not touch the object");
        assertEquals(1, dive.run("state", "show", "item.hub/bob", manifest.toString()).code());
        // Forgotten, it is adopted again on the next apply, and so never deleted by dive.
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        assertEquals("adopted", stateStatus("item.hub/bob"));
    }

    @Test
    void stateRmTakesSeveralAddressesAllOrNone() throws Exception {
        write(topology(""));
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        DiveRunner.Result missing = dive.run("state", "rm", "item.hub/alice", "item.hub/nobody", manifest.toString());
        assertEquals(1, missing.code(), missing::toString);
        assertTrue(missing.err().contains("item.hub/nobody: not in state; nothing was removed"), missing::toString);
        assertEquals("created", stateStatus("item.hub/alice"), "a refused rm removes nothing");
        DiveRunner.Result rm = dive.run("state", "rm", "item.hub/alice", "item.hub/bob", "group.hub", manifest.toString());
        assertEquals(0, rm.code(), rm::toString);
        assertEquals(3, rm.out().lines().filter(l -> l.startsWith("Removed ")).count(), rm::toString);
        assertEquals("", dive.run("state", "list", manifest.toString()).out());
        assertEquals(64, dive.run("state", "rm", manifest.toString()).code(), "no address is a usage error");
    }
}
