package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.engine.ProviderRegistry;
import io.dive.core.engine.Session;
import io.dive.spi.DiveException;
import io.dive.core.plan.PlanOptions;
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
    void aTypoInAClientFieldFailsThePlanWithItsNameAndPlace() throws Exception {
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
        long writesBefore;
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(dir.resolve("topology.yaml"), null, KeycloakTestServer.env(dir)::get, registry, io.dive.spi.Log.to(System.err))) {
            DiveException e = assertThrows(DiveException.class, () -> s.plan(s.store().read(), PlanOptions.all()));
            assertTrue(e.getMessage().contains("topology.yaml:") && e.getMessage().contains("client." + realm + "/portal"), e.getMessage());
            assertTrue(e.getMessage().contains("Keycloak's client has no field \"redirectUri\""), e.getMessage());
            writesBefore = ((KeycloakProvider) s.context().provider("client")).apiForTests().writes();
        }
        assertEquals(0, writesBefore, "nothing may be sent");
        assertNull(KeycloakTestServer.admin().get("/admin/realms/" + realm), "nothing may be created");
    }
}
