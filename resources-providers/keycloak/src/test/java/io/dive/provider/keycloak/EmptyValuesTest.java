package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declared empty values (which Keycloak does not keep) are absent values: created once, then nothing to do; enabled is the default. */
class EmptyValuesTest {

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("empty");

    @AfterEach
    void drop() {
        KeycloakTestServer.admin().delete("/admin/realms/" + realm);
    }

    @Test
    void emptyAttributesEmailAndNamesConverge() throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), "name: empty\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - type: realm
                    name: %1$s
                  - type: user
                    name: %1$s/carol
                    attributes: {attributes: {}, email: "", firstName: "", lastName: ""}
                  - type: client
                    name: %1$s/app
                    attributes: {redirectUris: [], webOrigins: []}
                """.formatted(realm));
        Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true); // fails the test if apply reports anything
        assertEquals(Map.of(), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), false)));
        // Declared without enabled, the realm and the user are enabled, as Keycloak's admin console makes them.
        assertEquals(true, KeycloakTestServer.admin().get("/admin/realms/" + realm).path("enabled").asBoolean());
        assertEquals(true, KeycloakTestServer.admin().get("/admin/realms/" + realm + "/users?exact=true&username=carol").get(0).path("enabled").asBoolean());
    }
}
