package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.engine.Session;
import io.dive.core.ops.ImportOperation;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dive import ADDR ID} takes the IDs a user would type, against the real Keycloak: a group by its
 * path with or without the leading slash, or its uuid; a membership by its group's path or its role's
 * name ({@code app/admin} for a client role), or their uuids. A refusal lists every form the kind takes.
 */
class ImportIdsTest {

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("ids");
    final AdminRest kc = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        kc.delete("/admin/realms/" + realm);
    }

    @Test
    void groupsAndMembershipsAreImportedByPathNameOrUuid() throws Exception {
        // Made by hand, as an operator's realm before dive.
        kc.post("/admin/realms", json("{\"realm\": \"" + realm + "\", \"enabled\": true}"));
        kc.post("/admin/realms/" + realm + "/groups", json("{\"name\": \"analysts\"}"));
        String analysts = kc.get("/admin/realms/" + realm + "/group-by-path/analysts").path("id").asText();
        kc.post("/admin/realms/" + realm + "/groups/" + analysts + "/children", json("{\"name\": \"fra\"}"));
        String fra = kc.get("/admin/realms/" + realm + "/group-by-path/analysts/fra").path("id").asText();
        kc.post("/admin/realms/" + realm + "/users", json("{\"username\": \"alice\", \"enabled\": true}"));
        String alice = kc.get("/admin/realms/" + realm + "/users?exact=true&username=alice").get(0).path("id").asText();
        kc.put("/admin/realms/" + realm + "/users/" + alice + "/groups/" + fra, json("{}"));
        kc.post("/admin/realms/" + realm + "/clients", json("{\"clientId\": \"app\"}"));
        String app = kc.get("/admin/realms/" + realm + "/clients?clientId=app").get(0).path("id").asText();
        kc.post("/admin/realms/" + realm + "/clients/" + app + "/roles", json("{\"name\": \"admin\"}"));
        String admin = kc.get("/admin/realms/" + realm + "/clients/" + app + "/roles/admin").path("id").asText();
        kc.post("/admin/realms/" + realm + "/users/" + alice + "/role-mappings/clients/" + app, json("[{\"id\": \"" + admin + "\", \"name\": \"admin\"}]"));

        Path m = dir.resolve("topology.yaml");
        Files.writeString(m, "name: ids\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s}
                  - {type: user_group, name: %1$s/analysts}
                  - {type: user_group, name: %1$s/analysts/fra}
                  - {type: user, name: %1$s/alice}
                  - {type: client, name: %1$s/app}
                  - {type: client_role, name: %1$s/app/admin}
                  - {type: group_membership, name: %1$s/analysts/fra, attributes: {users: [alice]}}
                  - {type: role_membership, name: %1$s/app/admin, attributes: {users: [alice]}}
                """.formatted(realm));
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        ids.put("realm." + realm, realm);
        ids.put("user_group." + realm + "/analysts", "/analysts");
        ids.put("user_group." + realm + "/analysts/fra", "analysts/fra");
        ids.put("user." + realm + "/alice", alice);
        ids.put("client." + realm + "/app", "app");
        ids.put("client_role." + realm + "/app/admin", "app/admin");
        ids.put("group_membership." + realm + "/analysts/fra", "/analysts/fra");
        ids.put("role_membership." + realm + "/app/admin", admin);
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(m, null, KeycloakTestServer.env(dir)::get, registry, io.dive.spi.Log.NONE)) {
            DiveException refused = assertThrows(DiveException.class,
                    () -> ImportOperation.run(s, Address.parse("user_group." + realm + "/analysts/fra"), "analysts/deu", null));
            assertTrue(refused.getMessage().contains("(a user_group is imported by any of: " + realm + "/analysts/fra, analysts/fra, /analysts/fra, fra, "),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains(fra), "the group's uuid is one of the forms: " + refused.getMessage());
            for (var e : ids.entrySet()) {
                ImportOperation.run(s, Address.parse(e.getKey()), e.getValue(), null);
            }
            assertEquals(new java.util.TreeSet<>(ids.keySet()), new java.util.TreeSet<>(s.store().read().entries().keySet()));
        }
        assertEquals(Map.of(), io.dive.testkit.Runs.changes(io.dive.testkit.Runs.plan(m, KeycloakTestServer.env(dir), false)),
                "imported as they are: nothing to do");
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
