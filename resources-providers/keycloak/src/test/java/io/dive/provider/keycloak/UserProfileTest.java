package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.plan.AttributeChange;
import io.dive.core.plan.ResourceChange;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** userAttributes names what dive requires; attributes added by hand stay, unless the realm is exclusive. */
class UserProfileTest {

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("profile");
    final AdminRest admin = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + realm);
    }

    void write(String extra) throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), "name: profile\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %s, attributes: {userAttributes: [clearance]%s}}
                """.formatted(realm, extra));
    }

    List<String> custom() {
        List<String> out = new ArrayList<>();
        for (JsonNode a : admin.get("/admin/realms/" + realm + "/users/profile").path("attributes")) {
            out.add(a.path("name").asText());
        }
        out.removeAll(List.of("username", "email", "firstName", "lastName"));
        return out;
    }

    @Test
    void anAttributeAddedByHandIsKeptUnlessTheRealmIsExclusive() throws Exception {
        write("");
        Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true);
        ObjectNode profile = (ObjectNode) admin.get("/admin/realms/" + realm + "/users/profile");
        profile.withArray("attributes").addObject().put("name", "team").put("displayName", "team");
        admin.put("/admin/realms/" + realm + "/users/profile", profile);

        assertEquals(Map.of(), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true)));
        assertEquals(List.of("clearance", "team"), custom(), "the hand-added attribute was removed");

        write(", userAttributesExclusive: true");
        var plan = Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), false);
        ResourceChange c = plan.plan().changes().stream().filter(ResourceChange::isChange).findFirst().orElseThrow();
        AttributeChange a = c.attributes().stream().filter(x -> x.path().equals("userAttributes")).findFirst().orElseThrow();
        assertEquals("[\"clearance\",\"team\"]", a.before().toString(), "the plan shows the effect on the profile");
        assertEquals("[\"clearance\"]", a.after().toString());
        Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true);
        assertEquals(List.of("clearance"), custom());
        assertTrue(Runs.changes(Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), false)).isEmpty());
    }
}
