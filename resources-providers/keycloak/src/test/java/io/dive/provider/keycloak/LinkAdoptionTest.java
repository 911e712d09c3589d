package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.plan.ResourceChange;
import io.dive.spi.Action;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A link is six objects: what existed before dive is adopted part by part, and a removal deletes only what dive made. */
class LinkAdoptionTest {

    @TempDir
    Path dir;
    final String hub = KeycloakTestServer.uniqueRealm("adopt-hub");
    final String spoke = KeycloakTestServer.uniqueRealm("adopt-spoke");
    final AdminRest admin = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + hub);
        admin.delete("/admin/realms/" + spoke);
    }

    void write(boolean withLink) throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), "name: adopt\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s}
                  - {type: realm, name: %2$s}
                """.formatted(hub, spoke) + (withLink ? """
                  - type: link
                    name: hub-sp
                    attributes:
                      hub: {realm: %1$s, alias: sp-idp, client: sp-broker}
                      spoke: {realm: %2$s, alias: hub-idp, client: hub-broker}
                      secret: ${secret:generate:adopt-link}
                """.formatted(hub, spoke) : ""));
    }

    ResourceChange linkChange(boolean apply) {
        return Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), apply).plan().changes().stream()
                .filter(c -> c.address().toString().equals("link.hub-sp")).findFirst().orElse(null);
    }

    @Test
    void aHandMadeIdpIsAdoptedAndOutlivesTheLinkWhileWhatDiveMadeGoes() throws Exception {
        write(false);
        Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true);
        // Made by hand before the link was declared: the hub's IdP only.
        var idp = KeycloakKind.JSON.createObjectNode().put("alias", "sp-idp").put("providerId", "oidc").put("enabled", true);
        idp.putObject("config").put("clientId", "by-hand").put("authorizationUrl", "https://idp.example/auth")
                .put("tokenUrl", "https://idp.example/token").put("clientSecret", "by-hand-secret");
        admin.post("/admin/realms/" + hub + "/identity-provider/instances", idp);

        write(true);
        ResourceChange adopt = linkChange(false);
        assertEquals(Action.UPDATE, adopt.action(), adopt::toString);
        assertTrue(adopt.reason().contains("adopted"), adopt.reason());
        linkChange(true);
        String idpPath = "/admin/realms/" + hub + "/identity-provider/instances/sp-idp";
        assertNull(admin.get(idpPath).path("config").get(LinkShape.OWNER), "the adopted IdP was marked as dive's");
        assertEquals(Action.NOOP, linkChange(false).action());

        write(false);
        ResourceChange removal = linkChange(false);
        assertEquals(Action.DELETE, removal.action(), removal::toString);
        assertEquals("keeps what dive did not make: IdP sp-idp in " + hub, removal.reason());
        linkChange(true);
        assertNotNull(admin.get(idpPath), "the adopted IdP was deleted");
        assertNull(admin.get("/admin/realms/" + spoke + "/identity-provider/instances/hub-idp"), "dive's IdP was left");
        assertEquals(0, admin.get("/admin/realms/" + hub + "/clients?clientId=hub-broker").size(), "dive's client was left");
        assertEquals(0, admin.get("/admin/realms/" + spoke + "/clients?clientId=sp-broker").size(), "dive's client was left");
    }
}
