package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.core.engine.Session;
import io.dive.core.ops.ImportOperation;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Address;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects dive did not make, against the real Keycloak: a built-in client that Keycloak makes with a new realm
 * ("account") is adopted by the apply that creates the realm, not failed with a 409; and {@code dive import}
 * records an existing client, found by its uuid, as adopted without changing it.
 */
class BuiltInObjectsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("builtin");
    final AdminRest admin = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + realm);
    }

    Path manifest(String clients) throws Exception {
        return Files.writeString(dir.resolve("topology.yaml"), "name: builtin\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - type: realm
                    name: %s
                    attributes: {enabled: true}
                """.formatted(realm) + clients);
    }

    JsonNode client(String clientId) {
        return admin.get("/admin/realms/" + realm + "/clients?clientId=" + clientId).get(0);
    }

    JsonNode stateEntry(String address) throws Exception {
        return JSON.readTree(Files.readString(dir.resolve(".dive/state.json"))).path("resources").path(address);
    }

    @Test
    void theAccountClientOfANewRealmIsAdoptedAndBroughtToTheManifest() throws Exception {
        Path m = manifest("""
                  - type: client
                    name: %s/account
                    attributes: {description: "DIVE V3 account console"}
                """.formatted(realm));
        Runs.plan(m, KeycloakTestServer.env(dir), true); // fails the test if any resource failed (it was a 409 before)
        assertEquals("DIVE V3 account console", client("account").path("description").asText());
        assertEquals("adopted", stateEntry("client." + realm + "/account").path("status").asText().toLowerCase(), () -> "state: " + dir);
        assertEquals(Map.of(), Runs.changes(Runs.plan(m, KeycloakTestServer.env(dir), false)));
    }

    @Test
    void theOfflineAccessRoleOfANewRealmIsAdoptedAndBroughtToTheManifest() throws Exception {
        Path m = manifest("""
                  - type: role
                    name: %s/offline_access
                    attributes: {description: "DIVE V3: refresh tokens that outlive the session", attributes: {reviewed: ["2026-11"]}}
                """.formatted(realm));
        Runs.plan(m, KeycloakTestServer.env(dir), true); // fails the test if any resource failed ("already exists" before)
        JsonNode role = admin.get("/admin/realms/" + realm + "/roles/offline_access");
        assertEquals("DIVE V3: refresh tokens that outlive the session", role.path("description").asText());
        assertEquals("[\"2026-11\"]", role.path("attributes").path("reviewed").toString());
        assertEquals("adopted", stateEntry("role." + realm + "/offline_access").path("status").asText().toLowerCase(), () -> "state: " + dir);
        assertEquals(Map.of(), Runs.changes(Runs.plan(m, KeycloakTestServer.env(dir), false)));
    }

    @Test
    void importRecordsAnExistingClientByItsUuidWithoutChangingIt() throws Exception {
        Path m = manifest("");
        Runs.plan(m, KeycloakTestServer.env(dir), true);
        String uuid = admin.post("/admin/realms/" + realm + "/clients",
                JSON.createObjectNode().put("clientId", "legacy-portal").put("description", "made by hand").put("publicClient", true));
        manifest("""
                  - type: client
                    name: %s/legacy-portal
                    attributes: {description: "made by dive", publicClient: true}
                """.formatted(realm));
        Address a = Address.parse("client." + realm + "/legacy-portal");
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(m, null, KeycloakTestServer.env(dir)::get, registry, io.dive.spi.Log.NONE)) {
            var e = assertThrows(io.dive.spi.DiveException.class, () -> ImportOperation.run(s, a, "00000000-0000-0000-0000-000000000000", null));
            assertTrue(e.getMessage().contains("the object this address stands for is"), e.getMessage());
            ImportOperation.Imported done = ImportOperation.run(s, a, uuid, null);
            assertEquals(1, done.differences(), "the description differs");
        }
        assertEquals("made by hand", client("legacy-portal").path("description").asText(), "import changed Keycloak");
        assertEquals("adopted", stateEntry(a.toString()).path("status").asText().toLowerCase());
        assertEquals(Map.of(a.toString(), "update[description]"), Runs.changes(Runs.plan(m, KeycloakTestServer.env(dir), false)));
    }
}
