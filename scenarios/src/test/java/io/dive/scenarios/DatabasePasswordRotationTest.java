package io.dive.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.provider.docker.DockerTestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rotating the secret behind a database password keeps the stack up (#10): dive changes the role's password
 * inside the running PostgreSQL (the local image, dive-local/postgres) before it recreates the container that
 * logs in with it. The consumer is healthy only when its login works, so an apply that recreated it before
 * PostgreSQL knew the new password would fail; PostgreSQL then takes the new password and refuses the old.
 */
class DatabasePasswordRotationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOPOLOGY = "dive-rotation";
    static final String OLD = "old-Db-" + java.util.UUID.randomUUID();
    static final String NEW = "new-Db-" + java.util.UUID.randomUUID();
    static Path dir;
    static Dive dive;
    static int port;

    @BeforeAll
    static void localImage() throws Exception {
        DockerTestEngines.engine(DockerTestEngines.A);
        dir = Files.createTempDirectory("dive-rotation");
        dive = new Dive(dir);
        dive.env.put("PATH", System.getenv("PATH"));
        dive.env.put("HOME", System.getProperty("user.home"));
        dive.env.put("DOCKER_HOST", DockerTestEngines.A);
        dive.env.put("DIVE_LOCAL_CERTS", dir.resolve("certs").toString());
        Dive.Result build = dive.script("images/build", 25);
        assertEquals(0, build.code(), build::toString);
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        removeLeftovers();
        Files.writeString(dir.resolve("topology.yaml"), """
                name: %s
                resources:
                  - {type: network, name: rotation-net}
                  - {type: volume, name: rotation-db-data}
                  - type: container
                    name: rotation-db
                    attributes:
                      image: dive-local/postgres:15
                      env: {POSTGRES_USER: keycloak, POSTGRES_DB: keycloak, POSTGRES_PASSWORD: "${secret:file:db}"}
                      networks: {rotation-net: {aliases: [db]}}
                      ports: ["127.0.0.1:%d:5432"]
                      mounts: [{type: volume, source: rotation-db-data, target: /var/lib/postgresql/data}]
                      healthcheck: {test: [CMD-SHELL, "pg_isready -U keycloak -d keycloak"], interval: 1s, timeout: 3s, retries: 60}
                  - type: postgres_password
                    name: rotation-db/keycloak
                    attributes: {password: "${secret:file:db}"}
                  # What logs in with the password (Keycloak, in DIVE V3): healthy only while its login works.
                  - type: container
                    name: rotation-client
                    depends_on: [postgres_password.rotation-db/keycloak]
                    attributes:
                      image: dive-local/postgres:15
                      entrypoint: [sleep, infinity]
                      env: {PGPASSWORD: "${secret:file:db}"}
                      networks: {rotation-net: {}}
                      healthcheck: {test: [CMD-SHELL, "psql -h db -U keycloak -d keycloak -Atc 'select 1' | grep -q 1"], interval: 1s, timeout: 3s, retries: 20}
                      ready_timeout: 60s
                """.formatted(TOPOLOGY, port));
    }

    static void secret(String value) throws Exception {
        Files.createDirectories(dir.resolve(".dive"));
        Files.writeString(dir.resolve(".dive/secrets.json"), JSON.writeValueAsString(Map.of("db", value)));
    }

    /** Whether PostgreSQL, from the host over TCP (scram-sha-256), takes the password; false when it refuses it. */
    static boolean takes(String password) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "keycloak");
        p.setProperty("password", password);
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/keycloak", p)) {
            return c.isValid(5);
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                return false; // invalid_password
            }
            throw e;
        }
    }

    static void removeLeftovers() {
        String filter = "label=dive.topology=" + TOPOLOGY;
        for (String id : dive.run(List.of("docker", "ps", "-aq", "--filter", filter), 2).out().strip().lines().filter(l -> !l.isBlank()).toList()) {
            dive.run(List.of("docker", "rm", "-f", id), 2);
        }
        for (String kind : List.of("network", "volume")) {
            for (String id : dive.run(List.of("docker", kind, "ls", "-q", "--filter", filter), 2).out().strip().lines().filter(l -> !l.isBlank()).toList()) {
                dive.run(List.of("docker", kind, "rm", id), 2);
            }
        }
    }

    @AfterAll
    static void cleanUp() {
        if (dive != null) {
            removeLeftovers();
        }
    }

    @Test
    void theRoleTakesTheNewPasswordBeforeItsConsumerIsRecreated() throws Exception {
        secret(OLD);
        Dive.Result first = dive.dive("apply", "--auto-approve", "topology.yaml");
        assertEquals(0, first.code(), first::toString);
        assertTrue(takes(OLD), "PostgreSQL does not take the first password");
        Dive.Result quiet = dive.dive("plan", "topology.yaml", "--detailed-exitcode");
        assertEquals(0, quiet.code(), quiet::toString);

        secret(NEW);
        Dive.Result plan = dive.dive("plan", "topology.yaml", "--json");
        assertEquals(0, plan.code(), plan::toString);
        Set<String> changes = new TreeSet<>();
        for (JsonNode c : JSON.readTree(plan.out()).path("changes")) {
            changes.add(c.path("action").asText() + " " + c.path("address").asText());
        }
        assertTrue(changes.contains("update postgres_password.rotation-db/keycloak") && changes.contains("replace container.rotation-client"),
                plan::toString);

        Dive.Result rotate = dive.dive("apply", "--auto-approve", "topology.yaml");
        assertEquals(0, rotate.code(), "the consumer did not come up with the new password: " + rotate);
        assertTrue(takes(NEW), "PostgreSQL does not take the new password");
        assertTrue(!takes(OLD), "PostgreSQL still takes the old password");
        Dive.Result after = dive.dive("plan", "topology.yaml", "--detailed-exitcode");
        assertEquals(0, after.code(), after::toString);

        for (String text : List.of(Files.readString(dir.resolve(".dive/state.json")), first.toString(), plan.toString(), rotate.toString())) {
            assertTrue(!text.contains(OLD) && !text.contains(NEW), "a password reached state or output");
        }
    }
}
