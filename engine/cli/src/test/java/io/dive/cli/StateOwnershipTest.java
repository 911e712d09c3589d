package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.testkit.MemoryServer;
import io.dive.testkit.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state belongs to one topology: another manifest pointed at it is refused before anything is
 * planned, and renaming the topology is a deliberate step. The file and PostgreSQL backends alike.
 */
class StateOwnershipTest {

    @TempDir
    Path dir;

    Path manifest(String name, String group) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                providers:
                  memory: {store: server.json}
                resources:
                  - {type: group, name: %s, attributes: {title: T}}
                """.formatted(name, group));
    }

    void anotherTopologyCannotTakeOverTheState(String state) throws Exception {
        DiveRunner dive = new DiveRunner(dir);
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());
        Path x = manifest("own-x", "x-realm");
        Path y = manifest("own-y", "y-realm");
        assertEquals(0, dive.run("apply", "--auto-approve", "--state", state, x.toString()).code());

        DiveRunner.Result taken = dive.run("apply", "--auto-approve", "--state", state, y.toString());
        if (state.startsWith("postgresql://")) {
            // Keyed by topology: own-y gets a state of its own, and own-x's is untouched.
            assertEquals(0, taken.code(), taken::toString);
        } else {
            assertEquals(1, taken.code(), taken::toString);
            assertTrue(taken.err().contains("belongs to topology \"own-x\"") && taken.err().contains("not to \"own-y\"")
                    && taken.err().contains("dive state rename-topology own-x"), taken::toString);
            for (String cmd : new String[] {"plan", "drift", "destroy"}) {
                DiveRunner.Result r = cmd.equals("destroy") ? dive.run(cmd, "--auto-approve", "--state", state, y.toString())
                        : dive.run(cmd, "--state", state, y.toString());
                assertEquals(1, r.code(), () -> cmd + ": " + r);
            }
        }
        assertNotNull(server.get("group.x-realm"), "the other topology's object was deleted");

        // Renamed on purpose: the manifest of x, now called own-z, takes its state along.
        Path z = Files.writeString(dir.resolve("own-z.yaml"), Files.readString(x).replace("name: own-x", "name: own-z"));
        DiveRunner.Result renamed = dive.run("state", "rename-topology", "own-x", z.toString(), "--state", state);
        assertEquals(0, renamed.code(), renamed::toString);
        DiveRunner.Result plan = dive.run("plan", "--detailed-exitcode", "--state", state, z.toString());
        assertEquals(0, plan.code(), "the renamed topology still owns its objects: " + plan);
        DiveRunner.Result old = dive.run("plan", "--json", "--state", state, x.toString());
        if (state.startsWith("postgresql://")) {
            assertEquals(0, old.code(), old::toString);
            assertTrue(old.out().contains("\"adopt\" : 1"), "the old name has no state any more (its object would be adopted): " + old);
        } else {
            assertEquals(1, old.code(), "the state is own-z's now: " + old);
        }
    }

    @Test
    void aFileState() throws Exception {
        anotherTopologyCannotTakeOverTheState(dir.resolve("shared-state.json").toString());
    }

    @Test
    void aPostgresState() throws Exception {
        anotherTopologyCannotTakeOverTheState(PostgresTestServer.freshDatabase());
    }
}
