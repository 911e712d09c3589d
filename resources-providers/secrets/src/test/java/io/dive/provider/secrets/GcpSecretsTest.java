package io.dive.provider.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.apply.ApplyListener;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.plan.ResourceChange;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.DiveException;
import io.dive.spi.state.State;
import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GCP Secret Manager references through the real google-cloud-secretmanager client, against an
 * in-process SecretManagerService on loopback (no network here): values reach the consumers, never
 * state; a new version updates exactly its consumers; failures name the secret and the resource.
 */
class GcpSecretsTest {

    @TempDir
    Path dir;
    FakeSecretManager gcp;
    Map<String, String> env = new HashMap<>();
    MemoryServer server;

    @BeforeEach
    void setUp() throws Exception {
        gcp = new FakeSecretManager();
        gcp.addVersion("dive-v3-mongodb-usa", "mongo-pass-v1-SECRET");
        gcp.addVersion("dive-v3-keycloak-client-secret", "client-secret-v1-SECRET");
        env.put("DIVE_GCP_SECRETMANAGER_ENDPOINT", gcp.endpoint());
        env.put("DIVE_GCP_SECRETMANAGER_PLAINTEXT", "true");
        env.put("DIVE_FINGERPRINT_KEY", "gcp-test");
        server = MemoryServer.at(dir.resolve("server.json").toString());
        write("");
    }

    @AfterEach
    void tearDown() {
        gcp.close();
    }

    void write(String extra) throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), """
                name: gcp
                secrets:
                  gcp: {project: dive25}
                providers:
                  memory: {store: server.json}
                resources:
                  - type: group
                    name: usa
                  - type: item
                    name: usa/backend
                    attributes: {value: backend, secret: "${secret:gcp:dive-v3-mongodb-usa}"}
                  - type: item
                    name: usa/opal
                    attributes: {value: opal, secret: "${secret:gcp:dive-v3-mongodb-usa}"}
                  - type: item
                    name: usa/frontend
                    attributes: {value: frontend, secret: "${secret:gcp:dive-v3-keycloak-client-secret@1}"}
                  - type: item
                    name: usa/redis
                    attributes: {value: redis}
                """ + extra);
    }

    Planned plan(boolean apply) {
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(dir.resolve("topology.yaml"), null, env::get, registry, io.dive.spi.Log.to(System.err))) {
            State state = s.store().read();
            Planned p = s.plan(state, PlanOptions.all());
            if (apply) {
                assertTrue(s.apply(p, state, ApplyListener.NONE, 4).succeeded());
            }
            return p;
        }
    }

    static List<String> changed(Planned p) {
        return p.plan().changes().stream().filter(ResourceChange::isChange).map(c -> c.action().json() + " " + c.address()).toList();
    }

    @Test
    void valuesReachConsumersAndRotationUpdatesExactlyThem() throws Exception {
        plan(true);
        assertEquals("mongo-pass-v1-SECRET", server.get("item.usa/backend").path("secret").asText());
        assertEquals("client-secret-v1-SECRET", server.get("item.usa/frontend").path("secret").asText());
        assertEquals(List.of(), changed(plan(false)));

        gcp.addVersion("dive-v3-mongodb-usa", "mongo-pass-v2-SECRET");
        gcp.addVersion("dive-v3-keycloak-client-secret", "client-secret-v2-SECRET"); // frontend is pinned to @1
        Planned rotation = plan(false);
        assertEquals(List.of("update item.usa/backend", "update item.usa/opal"), changed(rotation));
        rotation.plan().changes().stream().filter(ResourceChange::isChange)
                .forEach(c -> assertTrue(c.attributes().stream().allMatch(a -> a.sensitive() && a.path().equals("secret"))));
        plan(true);
        assertEquals("mongo-pass-v2-SECRET", server.get("item.usa/opal").path("secret").asText());
        assertEquals("client-secret-v1-SECRET", server.get("item.usa/frontend").path("secret").asText());
        assertEquals(List.of(), changed(plan(false)));

        String state = Files.readString(dir.resolve(".dive/state.json"));
        for (String v : List.of("mongo-pass-v1-SECRET", "mongo-pass-v2-SECRET", "client-secret-v1-SECRET")) {
            assertFalse(state.contains(v), "a secret value reached state");
        }
    }

    @Test
    void missingDeniedAndUnreachableFailThePlanNamingSecretAndResource() throws Exception {
        write("""
                  - type: item
                    name: usa/kas
                    attributes: {value: kas, secret: "${secret:gcp:dive-v3-kas-usa}"}
                """);
        DiveException missing = assertThrows(DiveException.class, () -> plan(false));
        assertEquals(1, missing.lines().size());
        assertTrue(missing.getMessage().matches(".*item\\.usa/kas: secret \\$\\{secret:gcp:dive-v3-kas-usa}: not found in GCP Secret Manager "
                + "\\(projects/dive25/secrets/dive-v3-kas-usa/versions/latest\\)"), missing.getMessage());

        gcp.addVersion("dive-v3-kas-usa", "kas-SECRET");
        gcp.denied.add("dive-v3-kas-usa");
        DiveException denied = assertThrows(DiveException.class, () -> plan(false));
        assertTrue(denied.getMessage().contains("item.usa/kas: secret ${secret:gcp:dive-v3-kas-usa}: permission denied"), denied.getMessage());

        gcp.close();
        long t0 = System.nanoTime();
        DiveException unreachable = assertThrows(DiveException.class, () -> plan(false));
        assertTrue(unreachable.getMessage().contains("is unreachable"), unreachable.getMessage());
        assertTrue((System.nanoTime() - t0) / 1_000_000_000 < 30, "giving up took too long");
        assertEquals(0, server.size(), "nothing may be applied when a secret cannot be read");
    }

    @Test
    void plaintextIsForALoopbackEmulatorOnly() throws Exception {
        env.put("DIVE_GCP_SECRETMANAGER_ENDPOINT", "secretmanager.attacker.example:443");
        DiveException refused = assertThrows(DiveException.class, () -> plan(false));
        assertTrue(refused.getMessage().contains("item.usa/backend: secret ${secret:gcp:dive-v3-mongodb-usa}: secrets.gcp: plaintext is for a local"
                + " emulator on loopback only, and secretmanager.attacker.example:443 is not loopback"), refused.getMessage());
        assertEquals(0, server.size());
    }
}
