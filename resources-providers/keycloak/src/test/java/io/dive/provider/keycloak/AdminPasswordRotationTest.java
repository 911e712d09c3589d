package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.testkit.Runs;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the secret behind the admin password dive logs in with (#10): the password changes inside the
 * running Keycloak first (logged in with admin.previous_password), then dive uses the new one; Keycloak then
 * accepts the new password and refuses the old. An admin of its own in master, so the shared server's admin
 * is never touched.
 */
class AdminPasswordRotationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OLD = "old-Adm1n-" + java.util.UUID.randomUUID();
    static final String NEW = "new-Adm1n-" + java.util.UUID.randomUUID();

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("rot");
    final String admin = "rot-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String adminId;

    @BeforeEach
    void anAdminOfItsOwn() {
        AdminRest root = KeycloakTestServer.admin();
        ObjectNode user = JSON.createObjectNode().put("username", admin).put("enabled", true);
        user.putArray("credentials").addObject().put("type", "password").put("value", OLD).put("temporary", false);
        adminId = root.post("/admin/realms/master/users", user);
        JsonNode role = root.get("/admin/realms/master/roles/admin");
        root.post("/admin/realms/master/users/" + adminId + "/role-mappings/realm", JSON.createArrayNode().add(role));
    }

    @AfterEach
    void drop() {
        KeycloakTestServer.admin().delete("/admin/realms/" + realm);
        KeycloakTestServer.admin().delete("/admin/realms/master/users/" + adminId);
    }

    void topology(boolean previous, String resourcePassword) throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), """
                name: rot
                servers:
                  kc:
                    provider: keycloak
                    url: ${env:DIVE_KEYCLOAK_URL}
                    admin: {username: %s, password: "${secret:file:admin}"%s}
                resources:
                  - type: admin_password
                    name: kc
                    server: kc
                    attributes: {password: "%s"}
                  - type: realm
                    name: %s
                    server: kc
                    attributes: {enabled: true}
                """.formatted(admin, previous ? ", previous_password: \"${secret:file:admin-previous}\"" : "", resourcePassword, realm));
    }

    void secrets(Map<String, String> values) throws Exception {
        Files.createDirectories(dir.resolve(".dive"));
        Files.writeString(dir.resolve(".dive/secrets.json"), JSON.writeValueAsString(values));
    }

    int login(String password) throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=" + admin + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(KeycloakTestServer.url() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    Map<String, String> env() {
        return KeycloakTestServer.env(dir);
    }

    @Test
    void aRotatedAdminSecretIsSetInKeycloakFirstThenUsed() throws Exception {
        topology(true, "${secret:file:admin}");
        secrets(Map.of("admin", OLD, "admin-previous", OLD));
        Runs.plan(dir.resolve("topology.yaml"), env(), true);
        assertEquals(Map.of(), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), env(), false)));

        secrets(Map.of("admin", NEW, "admin-previous", OLD));
        assertEquals(Map.of("admin_password.kc", "update[password]"), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), env(), false)),
                "the rotation is one change, planned while logged in with the previous password");
        Runs.plan(dir.resolve("topology.yaml"), env(), true);
        assertEquals(200, login(NEW), "Keycloak does not take the new admin password");
        assertEquals(401, login(OLD), "Keycloak still takes the old admin password");
        assertEquals(Map.of(), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), env(), false)), "the rotation did not converge");

        String state = Files.readString(dir.resolve(".dive/state.json"));
        assertTrue(!state.contains(OLD) && !state.contains(NEW), "a password reached the state file");
    }

    @Test
    void withoutThePreviousPasswordTheRefusalSaysWhatToGive() throws Exception {
        topology(false, "${secret:file:admin}");
        secrets(Map.of("admin", NEW));
        var e = assertThrows(RuntimeException.class, () -> Runs.plan(dir.resolve("topology.yaml"), env(), false));
        assertTrue(e.getMessage().contains("refused") && e.getMessage().contains("admin.previous_password"), e.getMessage());
        assertTrue(!e.getMessage().contains(NEW) && !e.getMessage().contains(OLD), "a password in the message");
        assertEquals(200, login(OLD), "a refused login changed something");
    }

    @Test
    void theResourcesPasswordMustBeTheServersAdminPassword() throws Exception {
        topology(true, "${secret:file:other}");
        secrets(Map.of("admin", OLD, "admin-previous", OLD, "other", NEW));
        var e = assertThrows(RuntimeException.class, () -> Runs.plan(dir.resolve("topology.yaml"), env(), false));
        assertTrue(e.getMessage().contains("topology.yaml:11") && e.getMessage().contains("admin_password.kc.password: must be servers.kc.admin.password"), e.getMessage());
    }
}
