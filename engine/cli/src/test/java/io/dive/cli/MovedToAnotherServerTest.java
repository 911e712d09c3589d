package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance whose template moves it to another server. With the old server no longer declared, dive
 * can neither delete it there nor leave it live and untracked: the plan refuses, as for a removed
 * spoke's resources, and says how to go on. With the old server still declared, it is a replace. And
 * what depends on a resource made anew (created again though state had it) is made anew too.
 */
class MovedToAnotherServerTest {

    @TempDir
    Path dir;

    Path write(String servers, String groupServer) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, """
                name: moved
                providers:
                  memory: {store: default.json}
                servers:
                """ + servers + """
                resources:
                  - {type: group, name: g, server: %s, attributes: {label: one}}
                  - {type: item, name: g/i, attributes: {label: two}}
                """.formatted(groupServer));
        return file;
    }

    static final String OLD = "  old: {provider: memory, store: old.json}\n";
    static final String NEW = "  new: {provider: memory, store: new.json}\n";

    @Test
    void aMoveAwayFromAServerNoLongerDeclaredIsRefusedAndNothingIsMade() throws Exception {
        DiveRunner dive = new DiveRunner(dir);
        assertEquals(0, dive.run("apply", "--auto-approve", write(OLD, "old").toString()).code());
        Path moved = write(NEW, "new");
        for (String command : new String[] {"plan", "apply"}) {
            DiveRunner.Result r = command.equals("plan") ? dive.run("plan", moved.toString()) : dive.run("apply", "--auto-approve", moved.toString());
            assertEquals(1, r.code(), r::toString);
            assertTrue(r.err().contains("group.g: on server old, which the manifest no longer declares (it now names server new), so dive can"
                    + " neither delete it there nor move it; declare server old again for one apply"), r::toString);
            assertTrue(r.err().contains("dive state rm group.g"), r::toString);
        }
        assertEquals(0, MemoryServer.at(dir.resolve("new.json").toString()).size(), "nothing may be made on the new server");
        assertNotNull(MemoryServer.at(dir.resolve("old.json").toString()).get("group.g"), "the old one is left as it is");
    }

    @Test
    void withTheOldServerStillDeclaredItIsReplacedAndItsDependentsMadeAnew() throws Exception {
        DiveRunner dive = new DiveRunner(dir);
        assertEquals(0, dive.run("apply", "--auto-approve", write(OLD, "old").toString()).code());
        Path moved = write(OLD + NEW, "new");
        DiveRunner.Result plan = dive.run("plan", "--json", moved.toString());
        assertEquals(0, plan.code(), plan::toString);
        Map<String, String> actions = new TreeMap<>();
        for (JsonNode c : new ObjectMapper().readTree(plan.out()).path("changes")) {
            actions.put(c.path("address").asText(), c.path("action").asText());
        }
        assertEquals(Map.of("group.g", "replace", "item.g/i", "replace"), actions);
        assertEquals(0, dive.run("apply", "--auto-approve", moved.toString()).code());
        assertNotNull(MemoryServer.at(dir.resolve("new.json").toString()).get("group.g"));
        assertEquals(null, MemoryServer.at(dir.resolve("old.json").toString()).get("group.g"), "deleted where it was");
        assertEquals(0, dive.run("plan", "--detailed-exitcode", moved.toString()).code());
    }

    @Test
    void whatDependsOnAResourceDeletedOutsideDiveIsMadeAnewWithIt() throws Exception {
        DiveRunner dive = new DiveRunner(dir);
        Path file = write(OLD, "old");
        assertEquals(0, dive.run("apply", "--auto-approve", file.toString()).code());
        MemoryServer old = MemoryServer.at(dir.resolve("old.json").toString());
        old.remove("group.g"); // by hand; the item (a part of it, as a realm's users) stays in this store
        DiveRunner.Result plan = dive.run("plan", file.toString());
        assertTrue(plan.out().contains("# item.g/i must be replaced") || plan.out().contains("item.g/i will be replaced")
                || plan.out().contains("-/+ item.g/i"), plan::toString);
        assertTrue(plan.out().contains("group.g is made anew"), plan::toString);
    }
}
