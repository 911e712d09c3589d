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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With state in PostgreSQL: the database password itself comes from a secret reference in the
 * manifest, and no secret value reaches any of dive's tables (state, history, federation facts).
 */
class PostgresSecretsTest {

    @TempDir
    Path dir;

    @Test
    void credentialsFromASecretAndNoSecretValueInAnyTable() throws Exception {
        String pg = PostgresTestServer.freshDatabase();
        String password = pg.replaceFirst("^postgresql://[^:]*:([^@]*)@.*$", "$1");
        String withRef = pg.replace(":" + password + "@", ":${secret:env:DIVE_PG_PASSWORD}@");
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, """
                name: pgsecrets
                state: "%s"
                providers:
                  memory: {store: server.json}
                resources:
                  - type: group
                    name: g
                    attributes: {secret: "${secret:env:DIVE_TEST_GROUP_SECRET}"}
                  - type: item
                    name: g/u
                    attributes: {value: v, password: "${secret:generate:u-password}"}
                """.formatted(withRef));
        DiveRunner dive = new DiveRunner(dir);
        dive.env.put("DIVE_PG_PASSWORD", password);
        dive.env.put("DIVE_TEST_GROUP_SECRET", "group-secret-VALUE-1");
        List<DiveRunner.Result> runs = new ArrayList<>();
        runs.add(dive.run("apply", "--auto-approve", manifest.toString()));
        assertEquals(0, runs.get(0).code(), runs.get(0)::toString);
        dive.env.put("DIVE_TEST_GROUP_SECRET", "group-secret-VALUE-2");
        runs.add(dive.run("drift", "--fix", manifest.toString()));
        runs.add(dive.run("state", "history", manifest.toString()));
        assertEquals(2, runs.get(1).code(), runs.get(1)::toString);
        // The state command finds the state as plan and apply do, secret reference in the URL and all.
        assertEquals(0, runs.get(2).code(), runs.get(2)::toString);
        assertTrue(runs.get(2).out().contains("dive drift --fix") && runs.get(2).out().contains("dive apply"), runs.get(2)::toString);

        String generated = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(".dive/secrets.json").toFile())
                .path("u-password").asText();
        List<String> secrets = List.of("group-secret-VALUE-1", "group-secret-VALUE-2", generated);
        StringBuilder everything = new StringBuilder();
        try (var c = PostgresTestServer.connect(pg); Statement st = c.createStatement()) {
            for (String table : List.of("dive_states", "dive_locks", "dive_runs", "dive_run_resources", "federation_links", "federation_health")) {
                try (ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rs.next()) {
                        everything.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        assertFalse(everything.toString().isBlank(), "nothing was stored in PostgreSQL");
        for (DiveRunner.Result r : runs) {
            everything.append(r.out()).append(r.err());
        }
        for (String s : secrets) {
            assertFalse(everything.toString().contains(s), "a secret value reached PostgreSQL or the output");
        }
        assertFalse(everything.toString().contains(":" + password + "@"), "the database password was shown");
    }
}
