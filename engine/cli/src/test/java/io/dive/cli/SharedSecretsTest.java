package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.testkit.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift from cron on another host: two checkouts of one manifest on one PostgreSQL state. With a state
 * key, generated secrets and the fingerprint key are kept sealed in the state, and the second checkout
 * sees no drift and writes no secret of its own; without one, it refuses with one line naming what it
 * lacks. Only apply makes generated secrets: a plan of a topology never applied keeps none.
 */
class SharedSecretsTest {

    static final String STATE_KEY = "k3y-for-the-state-" + "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    String pg;
    Path first;
    Path second;

    @BeforeEach
    void twoCheckouts() throws Exception {
        pg = PostgresTestServer.freshDatabase();
        first = checkout("first");
        second = checkout("second");
    }

    /** A checkout: the manifest (state in PostgreSQL, sealed under the key from DIVE_TEST_STATE_KEY) and its own memory server. */
    Path checkout(String name) throws Exception {
        return checkout(name, pg);
    }

    Path checkout(String name, String pg) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("topology.yaml"), """
                name: shared
                state: {url: "%s", key: "${secret:env:DIVE_TEST_STATE_KEY}"}
                providers:
                  memory: {store: %s}
                resources:
                  - type: group
                    name: g
                    attributes: {secret: "${secret:generate:g-secret}"}
                  - type: item
                    name: g/u
                    attributes: {value: v, password: "${secret:generate:u-password}"}
                """.formatted(pg, dir.resolve("server.json")));
        return d.resolve("topology.yaml");
    }

    DiveRunner runner(Path checkout, String stateKey) {
        DiveRunner dive = new DiveRunner(checkout.getParent());
        dive.env.remove("DIVE_FINGERPRINT_KEY"); // the key too is the state's
        if (stateKey != null) {
            dive.env.put("DIVE_TEST_STATE_KEY", stateKey);
        }
        return dive;
    }

    @Test
    void aSecondCheckoutSeesNoDriftAndKeepsNoSecretOfItsOwn() throws Exception {
        // A plan before the first apply keeps nothing anywhere.
        DiveRunner.Result plan = runner(first, STATE_KEY).run("plan", first.toString());
        assertEquals(0, plan.code(), plan::toString);
        assertEquals(0, rows("dive_secrets"), "a plan kept a generated secret");
        assertFalse(Files.exists(first.getParent().resolve(".dive/secrets.json")), "a plan wrote a secrets file");

        List<DiveRunner.Result> runs = new ArrayList<>();
        runs.add(runner(first, STATE_KEY).run("apply", "--auto-approve", first.toString()));
        assertEquals(0, runs.get(0).code(), runs.get(0)::toString);
        assertEquals(3, rows("dive_secrets"), "two generated secrets and the fingerprint key, sealed in the state");

        runs.add(runner(second, STATE_KEY).run("drift", second.toString()));
        assertEquals(0, runs.get(1).code(), runs.get(1)::toString);
        runs.add(runner(second, STATE_KEY).run("plan", "--detailed-exitcode", second.toString()));
        assertEquals(0, runs.get(2).code(), runs.get(2)::toString);
        assertFalse(Files.exists(second.getParent().resolve(".dive")), "the second checkout made files of its own");

        // The sealed values are not the values: nothing in any table, nor any output, holds them.
        DiveRunner.Result values = runner(first, STATE_KEY).run("state", "show", "item.g/u", first.toString());
        assertTrue(values.out().contains("(sensitive)") || values.out().contains("sensitive:"), values::toString);
        String all = dump();
        for (DiveRunner.Result r : runs) {
            all += r.out() + r.err();
        }
        assertFalse(all.contains(STATE_KEY), "the state key reached PostgreSQL or the output");
    }

    @Test
    void withoutTheKeyOrWithAnotherOneTheSecondCheckoutRefusesNamingWhatItLacks() throws Exception {
        assertEquals(0, runner(first, STATE_KEY).run("apply", "--auto-approve", first.toString()).code());

        Path keyless = Files.writeString(second, Files.readString(second).replace(", key: \"${secret:env:DIVE_TEST_STATE_KEY}\"", ""));
        DiveRunner.Result drift = runner(keyless, null).run("drift", keyless.toString());
        assertEquals(1, drift.code(), drift::toString);
        assertEquals(1, drift.err().strip().lines().count(), drift::toString);
        assertTrue(drift.err().contains("the fingerprint key of topology shared is not in ") && drift.err().contains("only dive apply creates it"),
                drift::toString);
        assertFalse(Files.exists(second.getParent().resolve(".dive/fingerprint.key")), "drift made a fingerprint key");

        DiveRunner wrongKey = runner(checkout("third"), "another-key-entirely-0123456789abcdef");
        DiveRunner.Result refused = wrongKey.run("drift", dir.resolve("third/topology.yaml").toString());
        assertEquals(1, refused.code(), refused::toString);
        assertTrue(refused.err().contains("cannot be opened with this state key (DIVE_STATE_KEY, else the manifest's state.key)"), refused::toString);
    }

    @Test
    void aLocalCopyMissingOnThisHostIsNamedAndNeverRemade() throws Exception {
        // No state key: the first checkout keeps its secrets in its own .dive/; the fingerprint key is shared by hand.
        Path a = Files.writeString(first, Files.readString(first).replace(", key: \"${secret:env:DIVE_TEST_STATE_KEY}\"", ""));
        Path b = Files.writeString(second, Files.readString(second).replace(", key: \"${secret:env:DIVE_TEST_STATE_KEY}\"", ""));
        DiveRunner one = runner(a, null);
        one.env.put("DIVE_FINGERPRINT_KEY", "shared-by-hand");
        assertEquals(0, one.run("apply", "--auto-approve", a.toString()).code());
        DiveRunner two = runner(b, null);
        two.env.put("DIVE_FINGERPRINT_KEY", "shared-by-hand");
        DiveRunner.Result drift = two.run("drift", b.toString());
        assertEquals(1, drift.code(), drift::toString);
        assertTrue(drift.err().contains("secret ${secret:generate:g-secret} is not in ") && drift.err().contains("but group.g was applied with it:"
                + " only dive apply creates generated secrets"), drift::toString);
        assertFalse(Files.exists(b.getParent().resolve(".dive/secrets.json")), "drift made a secret");
        assertEquals(1, two.run("status", b.toString()).code());
    }

    @Test
    void aStateKeyWrittenIntoTheManifestIsRefusedAndAFileStateCannotKeepSecrets() throws Exception {
        String literal = DiveRunner.refused(Files.createDirectories(dir.resolve("literal")), """
                name: shared
                state: {url: state.json, key: "hunter2-but-longer"}
                providers:
                  memory: {store: server.json}
                resources: []
                """);
        assertTrue(literal.startsWith("topology.yaml:2:") && literal.contains("state.key"), literal);
        assertFalse(literal.contains("hunter2"), "the error quoted the key: " + literal);

        Path local = Files.writeString(Files.createDirectories(dir.resolve("local")).resolve("topology.yaml"), """
                name: shared
                state: {url: state.json, key: "${secret:env:DIVE_TEST_STATE_KEY}"}
                providers:
                  memory: {store: server.json}
                resources: []
                """);
        DiveRunner.Result r = runner(local, STATE_KEY).run("plan", local.toString());
        assertEquals(1, r.code(), r::toString);
        // (Not up to "postgresql://": a test of this JVM that logged in to PostgreSQL as "postgres" has that word scrubbed from every message.)
        assertTrue(r.err().contains("a state key (DIVE_STATE_KEY or state.key) is given, but this state backend keeps no secrets"), r::toString);
    }

    /**
     * The sealed secrets go where the state goes: copied by dive state migrate to another PostgreSQL (where a
     * checkout on the copy plans nothing), refused for a file state that cannot keep them, and sealed again
     * under the new name by rename-topology (refused without the state key, since they are sealed with the
     * topology's name).
     */
    @Test
    void theSealedSecretsMoveWithTheStateOnMigrateAndRename() throws Exception {
        assertEquals(0, runner(first, STATE_KEY).run("apply", "--auto-approve", first.toString()).code());
        String other = PostgresTestServer.freshDatabase();
        DiveRunner.Result migrated = runner(first, STATE_KEY).run("state", "migrate", "--to", other, first.toString());
        assertEquals(0, migrated.code(), migrated::toString);
        Path onCopy = checkout("on-copy", other);
        Files.copy(dir.resolve("server.json"), dir.resolve("on-copy/server.json"));
        Files.writeString(onCopy, Files.readString(onCopy).replace(dir.resolve("server.json").toString(), dir.resolve("on-copy/server.json").toString()));
        DiveRunner.Result plan = runner(onCopy, STATE_KEY).run("plan", "--detailed-exitcode", onCopy.toString());
        assertEquals(0, plan.code(), () -> "the migrated state's secrets did not come with it: " + plan);

        DiveRunner.Result toFile = runner(first, STATE_KEY).run("state", "migrate", "--to", dir.resolve("copy.json").toString(), first.toString());
        assertEquals(1, toFile.code(), toFile::toString);
        assertTrue(toFile.err().contains("keeps 3 generated secrets sealed under the state key") && toFile.err().contains("Nothing was changed"), toFile::toString);
        assertFalse(Files.exists(dir.resolve("copy.json")), "a state was written without its secrets");

        Path renamed = Files.writeString(first, Files.readString(first).replace("name: shared\n", "name: shared-renamed\n"));
        Path withoutKey = Files.writeString(dir.resolve("first/keyless.yaml"), Files.readString(renamed).replace(", key: \"${secret:env:DIVE_TEST_STATE_KEY}\"", ""));
        DiveRunner.Result keyless = runner(withoutKey, null).run("state", "rename-topology", "shared", withoutKey.toString());
        assertEquals(1, keyless.code(), keyless::toString);
        assertTrue(keyless.err().contains("must be opened and sealed again under \"shared-renamed\": give the state key"), keyless::toString);
        DiveRunner.Result rename = runner(renamed, STATE_KEY).run("state", "rename-topology", "shared", renamed.toString());
        assertEquals(0, rename.code(), rename::toString);
        assertEquals(3, rows("dive_secrets WHERE topology = 'shared-renamed'"));
        assertEquals(0, rows("dive_secrets WHERE topology = 'shared'"));
        DiveRunner.Result after = runner(renamed, STATE_KEY).run("plan", "--detailed-exitcode", renamed.toString());
        assertEquals(0, after.code(), () -> "the renamed topology's secrets do not open: " + after);
    }

    int rows(String table) throws Exception {
        try (var c = PostgresTestServer.connect(pg); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            return 0; // the table is made at the first connection of a run that needs it
        }
    }

    String dump() throws Exception {
        StringBuilder out = new StringBuilder();
        try (var c = PostgresTestServer.connect(pg); Statement st = c.createStatement()) {
            for (String table : List.of("dive_states", "dive_runs", "dive_run_resources", "dive_secrets")) {
                try (ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }
}
