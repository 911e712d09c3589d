package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.testkit.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dive state migrate: local -> PostgreSQL -> local, nothing lost; the PostgreSQL copy drives plans. */
class StateMigrateTest {

    @TempDir
    Path dir;

    @Test
    void roundTripThroughPostgresLosesNothing() throws Exception {
        String pg = PostgresTestServer.freshDatabase();
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, ApplyLifecycleTest.topology(""));
        DiveRunner dive = new DiveRunner(dir);
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        Path local = dir.resolve(".dive/state.json");

        DiveRunner.Result toPg = dive.run("state", "migrate", "--to", pg, manifest.toString());
        assertEquals(0, toPg.code(), toPg::toString);
        assertTrue(toPg.out().contains("Migrated 3 resources"), toPg::toString);
        assertTrue(!toPg.out().contains("postgres:postgres@"), "the password must not be printed");

        DiveRunner.Result plan = dive.run("plan", "--json", "--state", pg, manifest.toString());
        assertEquals(0, new ObjectMapper().readTree(plan.out()).path("changes").size(), plan::toString);
        assertEquals(dive.run("state", "list", manifest.toString()).out(), dive.run("state", "list", "--state", pg, manifest.toString()).out());

        // A drift run against the PostgreSQL state leaves its heartbeat in federation_health.
        assertEquals(0, dive.run("drift", "--state", pg, manifest.toString()).code());
        try (var c = PostgresTestServer.connect(pg); var st = c.createStatement();
             var rs = st.executeQuery("SELECT kind, ok, detail FROM federation_health WHERE topology = 'lifecycle'")) {
            assertTrue(rs.next(), "no heartbeat recorded");
            assertEquals("drift true in sync", rs.getString(1) + " " + rs.getBoolean(2) + " " + rs.getString(3));
        }

        Path back = dir.resolve("back.json");
        DiveRunner.Result toLocal = dive.run("state", "migrate", "--state", pg, "--to", back.toString(), manifest.toString());
        assertEquals(0, toLocal.code(), toLocal::toString);
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(local.toFile()), json.readTree(back.toFile()), "the round trip changed the state");

        // A different state already at the destination is not overwritten by accident.
        Files.delete(local); // a new local state: a new lineage for the same topology
        assertEquals(0, dive.run("apply", "--auto-approve", manifest.toString()).code());
        DiveRunner.Result clash = dive.run("state", "migrate", "--to", pg, manifest.toString());
        assertEquals(1, clash.code(), clash::toString);
        assertTrue(clash.err().contains("already holds another state"), clash::toString);
    }
}
