package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dive import ADDR ID FILE}: an object made outside dive is recorded as the one a resource stands for,
 * adopted, with nothing changed on its server; every wrong use is one line that changes nothing.
 */
class ImportTest {

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
        // Made by hand before dive: the group, and alice with another value than the manifest's.
        server.put("group.hub", JSON.createObjectNode().put("title", "Hub"));
        server.put("item.hub/alice", (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("{\"value\": \"by hand\", \"tags\": [\"a\", \"b\"]}"));
    }

    JsonNode state() throws Exception {
        return JSON.readTree(Files.readString(dir.resolve(".dive/state.json")));
    }

    @Test
    void anExistingObjectIsRecordedAsAdoptedAndNothingOnTheServerChanges() throws Exception {
        DiveRunner.Result r = dive.run("import", "item.hub/alice", "hub/alice", manifest.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("item.hub/alice: imported hub/alice, recorded as adopted") && r.out().contains("1 of its declared attributes differ"),
                r::toString);
        assertEquals("by hand", server.get("item.hub/alice").path("value").asText(), "import changed the server");
        assertTrue(state().toString().contains("\"item.hub/alice\"") && state().toString().contains("adopted"), state()::toString);
        JsonNode recorded = state();
        assertTrue(!recorded.path("resources").has("group.hub"), () -> "import recorded more than the address it was given: " + recorded);

        // The plan now updates it (no create), and the group shows as an adoption; a destroy leaves what was imported.
        DiveRunner.Result plan = dive.run("plan", "--json", manifest.toString());
        JsonNode changes = JSON.readTree(plan.out()).path("changes");
        assertTrue(changes.toString().contains("\"address\":\"item.hub/alice\",\"type\":\"item\",\"action\":\"update\""), plan::toString);
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        assertEquals("1", server.get("item.hub/alice").path("value").asText());
        assertEquals(0, dive.run("destroy", "--auto-approve", manifest.toString()).code());
        assertNotNull(server.get("item.hub/alice"), "dive deleted an object it imported");
    }

    @Test
    void byAnotherNameNothingIsRecorded() throws Exception {
        DiveRunner.Result r = dive.run("import", "item.hub/alice", "hub/bob", manifest.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("item.hub/alice: cannot import hub/bob: the object this address stands for is hub/alice"), r::toString);
        assertTrue(!Files.exists(dir.resolve(".dive/state.json")) || !state().toString().contains("item.hub/alice"));
    }

    @Test
    void wrongUsesAreOneLineEach() throws Exception {
        DiveRunner.Result notDeclared = dive.run("import", "item.hub/carol", "hub/carol", manifest.toString());
        assertEquals(1, notDeclared.code(), notDeclared::toString);
        assertTrue(notDeclared.err().contains("item.hub/carol: not in the manifest"), notDeclared::toString);

        DiveRunner.Result absent = dive.run("import", "item.hub/bob", "hub/bob", manifest.toString());
        assertEquals(1, absent.code(), absent::toString);
        assertTrue(absent.err().contains("item.hub/bob: cannot import hub/bob: no such object") && absent.err().contains("dive apply would create it"),
                absent::toString);

        assertEquals(0, dive.run("import", "item.hub/alice", "hub/alice", manifest.toString()).code());
        DiveRunner.Result twice = dive.run("import", "item.hub/alice", "hub/alice", manifest.toString());
        assertEquals(1, twice.code(), twice::toString);
        assertTrue(twice.err().contains("item.hub/alice: already in state (adopted); to record another object for it, dive state rm item.hub/alice first"),
                twice::toString);

        DiveRunner.Result badAddress = dive.run("import", "nodot", "x", manifest.toString());
        assertEquals(64, badAddress.code(), badAddress::toString);
        DiveRunner.Result badTarget = dive.run("plan", "--target", "nodot", manifest.toString());
        assertEquals(64, badTarget.code(), "a bad --target is a usage error, not a bug: " + badTarget);
        DiveRunner.Result help = dive.run("import", "--help");
        assertEquals(0, help.code(), help::toString);
    }

    @Test
    void fromTerraformReadsOnlyFormatFourAndTakesOnlyTheManifest() throws Exception {
        Path old = Files.writeString(dir.resolve("old.tfstate"), "{\"version\": 3, \"modules\": []}");
        DiveRunner.Result r = dive.run("import", "--from-terraform", old.toString(), manifest.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertTrue(r.err().contains("old.tfstate: version: Terraform state format 3; dive reads format 4"), r::toString);
        assertEquals(64, dive.run("import", "--from-terraform", old.toString(), "item.hub/alice", "x", manifest.toString()).code());
        assertEquals(64, dive.run("import", "item.hub/alice", manifest.toString()).code());

        // A state of another provider's objects: each reported, none imported, nothing written.
        Path other = Files.writeString(dir.resolve("other.tfstate"), """
                {"version": 4, "resources": [
                  {"mode": "managed", "type": "aws_instance", "name": "web", "instances": [{"attributes": {"id": "i-1"}}]}]}
                """);
        DiveRunner.Result none = dive.run("import", "--from-terraform", other.toString(), manifest.toString());
        assertEquals(0, none.code(), none::toString);
        assertTrue(none.out().contains("skipped  aws_instance.web: no installed provider reads aws_instance"), none::toString);
        assertTrue(none.out().contains("0 imported, 0 parts of them, 0 already in state, 1 not taken over, 0 failed."), none::toString);
        assertTrue(!Files.exists(dir.resolve(".dive/state.json")), "nothing was imported, yet state was written");
    }
}
