package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.engine.Session;
import io.dive.core.ops.StateEdits;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.Log;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One object, one address: a rename is never a delete and a create; dive names the state mv that keeps it. */
class RenameTest {

    @TempDir
    Path dir;
    final String hub = KeycloakTestServer.uniqueRealm("ren-hub");
    final String spoke = KeycloakTestServer.uniqueRealm("ren-spoke");
    final AdminRest admin = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + hub);
        admin.delete("/admin/realms/" + spoke);
    }

    void write(String user, String link) throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), "name: rename\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s}
                  - {type: realm, name: %2$s}
                  - {type: user, name: %1$s/%3$s, attributes: {password: "${secret:generate:alice}"}}
                  - type: link
                    name: %4$s
                    attributes:
                      hub: {realm: %1$s, alias: sp-idp, client: sp-broker}
                      spoke: {realm: %2$s, alias: hub-idp, client: hub-broker}
                      secret: ${secret:generate:rename-link}
                """.formatted(hub, spoke, user, link));
    }

    DiveException refused() {
        return assertThrows(DiveException.class, () -> Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), false));
    }

    void move(String from, String to) {
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(dir.resolve("topology.yaml"), null, KeycloakTestServer.env(dir)::get, registry, Log.to(System.err))) {
            StateEdits.move(s.store(), Address.parse(from), Address.parse(to), Duration.ZERO);
        }
    }

    @Test
    void aUsernameWhoseCaseChangedAndARenamedLinkAreKept() throws Exception {
        write("alice", "hub-sp");
        Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true);
        String aliceId = admin.get("/admin/realms/" + hub + "/users?exact=true&username=alice").get(0).path("id").asText();

        write("Alice", "hub-sp");
        DiveException e = refused();
        assertTrue(e.getMessage().contains("user." + hub + "/Alice is user." + hub + "/alice renamed")
                && e.getMessage().contains("dive state mv user." + hub + "/alice user." + hub + "/Alice"), e.getMessage());
        move("user." + hub + "/alice", "user." + hub + "/Alice");
        assertEquals(Map.of(), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), false)));

        write("Alice", "hub-sp-renamed");
        e = refused();
        assertTrue(e.getMessage().contains("link.hub-sp-renamed is link.hub-sp renamed")
                && e.getMessage().contains("dive state mv link.hub-sp link.hub-sp-renamed"), e.getMessage());
        move("link.hub-sp", "link.hub-sp-renamed");
        assertEquals(Map.of(), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true)));
        assertEquals(aliceId, admin.get("/admin/realms/" + hub + "/users?exact=true&username=alice").get(0).path("id").asText(),
                "the user was made again");
        assertTrue(admin.get("/admin/realms/" + hub + "/identity-provider/instances/sp-idp").path("enabled").asBoolean());
    }
}
