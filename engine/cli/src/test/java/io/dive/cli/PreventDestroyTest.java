package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prevent_destroy: never deleted or replaced unless the command names it; destroy keeps it and says so. */
class PreventDestroyTest {

    @TempDir
    Path dir;
    Path manifest;
    DiveRunner dive;
    MemoryServer server;

    static final String DATA = """
              - {type: group, name: data, prevent_destroy: true, attributes: {immutable: v1}}
              - {type: item, name: data/row, attributes: {value: "1"}}
            """;

    void write(String resources) throws Exception {
        Files.writeString(manifest, "name: protect\nproviders:\n  memory: {store: server.json}\nresources:\n"
                + "  - {type: group, name: app}\n" + resources);
    }

    @BeforeEach
    void setUp() throws Exception {
        manifest = dir.resolve("topology.yaml");
        dive = new DiveRunner(dir);
        server = MemoryServer.at(dir.resolve("server.json").toString());
        write(DATA);
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
    }

    @Test
    void removingItKeepsItAndReplacingItIsRefusedUnlessAllowed() throws Exception {
        write("");
        DiveRunner.Result removed = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, removed.code(), removed::toString);
        assertTrue(removed.out().contains("group.data: prevent_destroy: kept: it left the manifest, but its data stays (and state keeps it);"
                + " to delete it, add --allow-destroy group.data"), removed::toString);
        assertNotNull(server.get("group.data"), "a protected resource that left the manifest was deleted");
        write(DATA);
        DiveRunner.Result back = dive.run("plan", "--json", manifest.toString());
        com.fasterxml.jackson.databind.JsonNode changes = new com.fasterxml.jackson.databind.ObjectMapper().readTree(back.out()).path("changes");
        assertEquals(1, changes.size(), "declared again, it is not found as it was: " + back);
        assertEquals("item.data/row", changes.get(0).path("address").asText(), back::toString);
        write(DATA.replace("immutable: v1", "immutable: v2"));
        DiveRunner.Result replaced = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(1, replaced.code(), replaced::toString);
        assertTrue(replaced.err().contains(":6:5: group.data: prevent_destroy: this plan would replace it (immutable forces replacement)"),
                replaced::toString);
        assertEquals("v1", server.get("group.data").path("immutable").asText(), "a refused plan changed something");
        DiveRunner.Result allowed = dive.run("apply", "--auto-approve", "--allow-destroy", "group.data", manifest.toString());
        assertEquals(0, allowed.code(), allowed::toString);
        assertEquals("v2", server.get("group.data").path("immutable").asText());
    }

    @Test
    void destroyKeepsItAndSaysSoUntilItIsNamed() throws Exception {
        DiveRunner.Result kept = dive.run("destroy", "--auto-approve", manifest.toString());
        assertEquals(0, kept.code(), kept::toString);
        assertTrue(kept.out().contains("group.data: prevent_destroy: kept; to destroy it too, add --allow-destroy group.data"), kept::toString);
        assertNotNull(server.get("group.data"));
        assertNull(server.get("group.app"));
        assertNull(server.get("item.data/row"));
        DiveRunner.Result gone = dive.run("destroy", "--auto-approve", "--allow-destroy", "group.data", manifest.toString());
        assertEquals(0, gone.code(), gone::toString);
        assertNull(server.get("group.data"));
    }
}
