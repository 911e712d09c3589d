package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.plan.Planned;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's default client scopes, one of them made by dive: Keycloak takes them when a client is
 * created and ignores them in a client's PUT, so a change must go through the client's scope
 * endpoints, or it would be planned again on every run.
 */
class ClientScopesOfAClientTest {

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("scopes");
    final AdminRest admin = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + realm);
    }

    void write(String scopes) throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), "name: scopes\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - type: realm
                    name: %1$s
                    attributes: {enabled: true, userAttributes: [clearance]}
                  - type: client_scope
                    name: %1$s/dive-attributes
                    attributes: {claims: [clearance]}
                  - type: client
                    name: %1$s/portal
                    attributes:
                      enabled: true
                      publicClient: true
                      redirectUris: ["https://portal.example/cb"]
                      defaultClientScopes: %2$s
                """.formatted(realm, scopes));
    }

    Planned run(boolean apply) {
        return Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), apply);
    }

    Set<String> defaultScopesOnTheServer() {
        JsonNode portal = admin.get("/admin/realms/" + realm + "/clients?clientId=portal").get(0);
        Set<String> names = new TreeSet<>();
        admin.get("/admin/realms/" + realm + "/clients/" + portal.path("id").asText() + "/default-client-scopes")
                .forEach(sc -> names.add(sc.path("name").asText()));
        return names;
    }

    @Test
    void aClientsDefaultScopesFollowTheManifestBothWays() throws Exception {
        write("[dive-attributes, profile, email]");
        run(true);
        assertEquals(Set.of("dive-attributes", "profile", "email"), defaultScopesOnTheServer());
        assertFalse(run(false).plan().hasChanges(), "after create, the plan is empty");

        write("[profile]");
        Planned p = run(false);
        assertEquals(Set.of("client." + realm + "/portal"), QuickstartTest.changes(p).keySet());
        run(true);
        assertEquals(Set.of("profile"), defaultScopesOnTheServer());
        assertFalse(run(false).plan().hasChanges(), "after the update, the plan is empty");

        write("[profile, dive-attributes]");
        run(true);
        assertEquals(Set.of("dive-attributes", "profile"), defaultScopesOnTheServer());
        assertFalse(run(false).plan().hasChanges());
    }
}
