package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What dive did not create it never deletes: neither {@code --replace} nor a replacement cascading
 * from what it depends on may delete an adopted object, unless the command names it with
 * {@code --allow-destroy}. The plan is refused in one line per object, and nothing is touched.
 */
class AdoptedNeverDeletedTest {

    @TempDir
    Path dir;

    @Test
    void replacingAnAdoptedObjectIsRefusedUnlessAllowed() throws Exception {
        Path manifest = Files.writeString(dir.resolve("topology.yaml"), """
                name: adopted
                providers:
                  memory: {store: server.json}
                resources:
                  - {type: group, name: hub, attributes: {immutable: one}}
                  - {type: item, name: hub/carol, attributes: {value: c}, depends_on: [group.hub]}
                """);
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());
        ObjectNode carol = new ObjectMapper().createObjectNode().put("value", "c");
        server.put("item.hub/carol", carol);
        DiveRunner dive = new DiveRunner(dir);
        DiveRunner.Result first = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, first.code(), first::toString);
        assertTrue(Files.readString(dir.resolve(".dive/state.json")).contains("\"adopted\""), "carol is recorded as adopted");

        DiveRunner.Result forced = dive.run("plan", "--replace", "item.hub/carol", manifest.toString());
        assertEquals(1, forced.code(), forced::toString);
        assertEquals(manifest + ":6:5: item.hub/carol: adopted (dive did not create it): this plan would replace it (--replace), deleting it"
                + " first; dive never deletes what it did not create unless told: run again with --allow-destroy item.hub/carol",
                forced.err().strip());

        // The group is replaced (an immutable attribute changed) and takes its items along: not carol.
        Files.writeString(manifest, Files.readString(manifest).replace("immutable: one", "immutable: two"));
        long writes = server.writes();
        DiveRunner.Result cascade = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(1, cascade.code(), cascade::toString);
        assertTrue(cascade.err().contains("item.hub/carol: adopted (dive did not create it): this plan would replace it (group.hub is replaced)"),
                cascade::toString);
        assertEquals(writes, MemoryServer.at(dir.resolve("server.json").toString()).writes(), "a refused plan touched the server");
        assertNotNull(MemoryServer.at(dir.resolve("server.json").toString()).get("item.hub/carol"));

        DiveRunner.Result allowed = dive.run("apply", "--auto-approve", "--allow-destroy", "item.hub/carol", manifest.toString());
        assertEquals(0, allowed.code(), allowed::toString);
        assertTrue(allowed.out().contains("0 created, 0 updated, 2 replaced, 0 deleted."), allowed::toString);
    }
}
