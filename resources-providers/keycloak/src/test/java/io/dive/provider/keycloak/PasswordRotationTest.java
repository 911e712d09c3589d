package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.plan.AttributeChange;
import io.dive.core.plan.Planned;
import io.dive.core.plan.ResourceChange;
import io.dive.testkit.Runs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's password follows its secret: set on create, reset when the secret changes, never stored. */
class PasswordRotationTest {

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("pw");

    @AfterEach
    void drop() {
        KeycloakTestServer.admin().delete("/admin/realms/" + realm);
    }

    Planned apply(boolean really) {
        return Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), really);
    }

    int login(String password) throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=alice&password=" + java.net.URLEncoder.encode(password, "UTF-8");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(KeycloakTestServer.url() + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    @Test
    void rotatingTheSecretResetsThePasswordAndNothingElse() throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), "name: pw\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - type: realm
                    name: %s
                    attributes: {enabled: true}
                  - type: user
                    name: %s/alice
                    attributes:
                      enabled: true
                      firstName: Alice
                      lastName: Example
                      email: alice@example.org
                      emailVerified: true
                      password: ${secret:file:alice}
                """.formatted(realm, realm));
        Files.createDirectories(dir.resolve(".dive"));
        Files.writeString(dir.resolve(".dive/secrets.json"), "{\"alice\": \"first-Passw0rd!\"}");
        apply(true);
        assertEquals(200, login("first-Passw0rd!"));
        assertTrue(apply(false).plan().changes().stream().noneMatch(ResourceChange::isChange), "a password must not cause a perpetual diff");

        Files.writeString(dir.resolve(".dive/secrets.json"), "{\"alice\": \"second-Passw0rd!\"}");
        Planned rotation = apply(false);
        List<ResourceChange> changes = rotation.plan().changes().stream().filter(ResourceChange::isChange).toList();
        assertEquals(1, changes.size(), changes::toString);
        assertEquals(List.of("password"), changes.get(0).attributes().stream().map(AttributeChange::path).toList());
        apply(true);
        assertEquals(200, login("second-Passw0rd!"));
        assertEquals(401, login("first-Passw0rd!"));
        String state = Files.readString(dir.resolve(".dive/state.json"));
        assertTrue(!state.contains("first-Passw0rd!") && !state.contains("second-Passw0rd!"), "a password reached the state file");
    }
}
