package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dive.core.plan.ResourceChange;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For the realm, client, user and client scope kinds: every field dive sends (the declared fields of
 * the resource), changed by hand through the admin API, is drift, and apply puts it back. The fields
 * are read off the manifest's own attributes, so a field added to the test topology is covered too.
 * (Links, whose writes are built rather than declared, have LinkDriftTest.)
 */
class WrittenFieldsDriftTest {

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("fields");
    final AdminRest admin = KeycloakTestServer.admin();

    /** dive's own fields, which do not reach the representation as they are (kept by endpoints of their own). */
    static final Set<String> DIVES_OWN = Set.of("password", "userAttributes", "claims", "realmDefault",
            "defaultClientScopes", "optionalClientScopes",
            // A public client shows no secret: flipped together with the secret, only the flip can be seen
            // (the repair sends the secret again all the same), so the flip is left out here.
            "publicClient");

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + realm);
    }

    static JsonNode tampered(String field, JsonNode v) {
        if (v.isBoolean()) {
            return KeycloakKind.JSON.getNodeFactory().booleanNode(!v.asBoolean());
        }
        if (v.isArray()) {
            return KeycloakKind.JSON.createArrayNode().add("https://evil.example/" + field);
        }
        return TextNode.valueOf(field.equals("email") ? "evil-" + v.asText() : "evil " + v.asText());
    }

    /** Sets every declared leaf in the server's representation to something else; returns their dotted paths. */
    static List<String> tamper(ObjectNode server, JsonNode declared, String prefix) {
        List<String> paths = new ArrayList<>();
        declared.fieldNames().forEachRemaining(k -> {
            if (DIVES_OWN.contains(k) && prefix.isEmpty()) {
                return;
            }
            JsonNode d = declared.get(k);
            if (d.isObject() && !k.equals("attributes") || d.isObject() && server.path(k).isObject() && !prefix.isEmpty()) {
                paths.addAll(tamper(server.with(k), d, prefix + k + "."));
            } else if (d.isObject()) {
                // User attributes: each one a list of values.
                d.fieldNames().forEachRemaining(a -> {
                    server.with(k).set(a, tampered(a, server.path(k).path(a)));
                    paths.add(prefix + k + "." + a);
                });
            } else {
                server.set(k, tampered(k, d));
                paths.add(prefix + k);
            }
        });
        return paths;
    }

    record Subject(String type, String name, String declared, Function<WrittenFieldsDriftTest, String> restPath) {
    }

    void check(Subject s) throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), "name: fields\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - type: realm
                    name: %1$s
                    attributes: {userAttributes: [clearance], displayName: Fields, enabled: true, loginWithEmailAllowed: true,
                                 registrationAllowed: false, bruteForceProtected: true}
                %2$s""".formatted(realm, s.declared()));
        Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true);
        var planned = Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), false);
        String address = s.type() + "." + s.name();
        JsonNode declared = planned.graph().resources().get(io.dive.spi.Address.parse(address)).attributes();

        String path = s.restPath().apply(this);
        ObjectNode server = (ObjectNode) admin.get(path);
        List<String> expected = tamper(server, declared, "");
        assertTrue(expected.size() >= 3, expected::toString);
        admin.put(path, server);

        Map<String, ResourceChange> drift = new java.util.TreeMap<>();
        Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), false).plan().changes().stream()
                .filter(ResourceChange::isChange).forEach(c -> drift.put(c.address().toString(), c));
        assertTrue(drift.containsKey(address), () -> address + " not seen as drifted: " + drift.keySet());
        Set<String> seen = new TreeSet<>();
        drift.get(address).attributes().forEach(a -> seen.add(a.path()));
        for (String p : expected) {
            assertTrue(seen.contains(p), address + ": " + p + " changed by hand is not drift; seen " + seen);
        }
        Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true);
        assertEquals(Map.of(), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), false)),
                address + ": apply did not repair every field");
    }

    String idOf(String list, String key, String value) {
        for (JsonNode n : admin.get(list)) {
            if (n.path(key).asText().equals(value)) {
                return n.path("id").asText();
            }
        }
        throw new AssertionError("no " + value + " in " + list);
    }

    @Test
    void realm() throws Exception {
        check(new Subject("realm", realm, "", t -> "/admin/realms/" + t.realm));
    }

    @Test
    void client() throws Exception {
        check(new Subject("client", realm + "/portal", """
                  - type: client
                    name: %s/portal
                    attributes:
                      enabled: true
                      name: Portal
                      description: The portal
                      publicClient: false
                      standardFlowEnabled: true
                      directAccessGrantsEnabled: false
                      secret: ${secret:generate:portal}
                      redirectUris: ["https://portal.example/cb"]
                      webOrigins: ["https://portal.example"]
                """.formatted(realm), t -> "/admin/realms/" + t.realm + "/clients/" + t.idOf("/admin/realms/" + t.realm + "/clients", "clientId", "portal")));
    }

    @Test
    void user() throws Exception {
        check(new Subject("user", realm + "/alice", """
                  - type: user
                    name: %s/alice
                    attributes:
                      enabled: true
                      firstName: Alice
                      lastName: Example
                      email: alice@example.org
                      emailVerified: true
                      attributes: {clearance: [SECRET]}
                      password: ${secret:generate:alice}
                """.formatted(realm), t -> "/admin/realms/" + t.realm + "/users/" + t.idOf("/admin/realms/" + t.realm + "/users?exact=true&username=alice",
                "username", "alice")));
    }

    @Test
    void aClientScopeMapperChangedByHandIsDriftAndMadeAgain() throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), "name: fields\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s, attributes: {userAttributes: [clearance]}}
                  - {type: client_scope, name: %1$s/dive-attributes, attributes: {claims: [clearance]}}
                """.formatted(realm));
        Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true);
        String scope = "/admin/realms/" + realm + "/client-scopes/" + idOf("/admin/realms/" + realm + "/client-scopes", "name", "dive-attributes");
        ObjectNode mapper = (ObjectNode) admin.get(scope + "/protocol-mappers/models").get(0);
        mapper.with("config").put("user.attribute", "evil").put("access.token.claim", "false");
        admin.put(scope + "/protocol-mappers/models/" + mapper.path("id").asText(), mapper);
        var drift = Runs.changes(Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), false));
        assertEquals("update[mapper_settings.clearance.config.user.attribute, mapper_settings.clearance.config.access.token.claim]",
                drift.get("client_scope." + realm + "/dive-attributes"), drift::toString);
        Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true);
        assertEquals(Map.of(), Runs.changes(Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), false)));
    }

    @Test
    void clientScope() throws Exception {
        check(new Subject("client_scope", realm + "/dive-attributes", """
                  - type: client_scope
                    name: %s/dive-attributes
                    attributes:
                      description: DIVE attributes in every token
                      protocol: openid-connect
                      attributes: {display.on.consent.screen: "true", include.in.token.scope: "true"}
                      claims: [clearance]
                """.formatted(realm), t -> "/admin/realms/" + t.realm + "/client-scopes/" + t.idOf("/admin/realms/" + t.realm + "/client-scopes",
                "name", "dive-attributes")));
    }
}
