package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.engine.Session;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.DiveException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A field Keycloak does not have (a typo) fails the plan, naming the file, line, resource and field,
 * before anything is sent: sent as it is, it would be dropped by Keycloak and then be a difference on
 * every plan.
 */
class UnknownFieldTest {

    @TempDir
    Path dir;

    @Test
    void aTypoInAClientFieldFailsBeforeAnythingIsSentWithItsNameAndLine() throws Exception {
        String realm = KeycloakTestServer.uniqueRealm("typo");
        Files.writeString(dir.resolve("topology.yaml"), "name: typo\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - type: realm
                    name: %s
                    attributes: {enabled: true}
                  - type: client
                    name: %s/portal
                    attributes:
                      enabled: true
                      redirectUri: ["https://portal.example/cb"]
                """.formatted(realm, realm));
        // Checked when the topology is opened, before any provider is configured or contacted.
        DiveException e = assertThrows(DiveException.class, () -> Session.open(dir.resolve("topology.yaml"), null,
                KeycloakTestServer.env(dir)::get, ProviderRegistry.discover(), io.dive.spi.Log.to(System.err)));
        assertTrue(e.getMessage().matches("(?s).*topology.yaml:\\d+:\\d+: client\\." + realm + "/portal\\.redirectUri: .*"), e.getMessage());
        assertTrue(e.getMessage().contains("Keycloak's client has no field \"redirectUri\" (did you mean \"redirectUris\"?)"), e.getMessage());
        assertNull(KeycloakTestServer.admin().get("/admin/realms/" + realm), "nothing may be created");
    }
}
