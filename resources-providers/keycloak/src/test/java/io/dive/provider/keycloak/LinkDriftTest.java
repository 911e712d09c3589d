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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every field a link writes is drift when changed by hand, and apply puts it back. The fields come
 * from the very builders LinkKind sends (LinkShape), so a field added there is tested here too.
 * (The IdP's client secret is the one exception: Keycloak answers "**********" for it.)
 */
class LinkDriftTest {

    @TempDir
    Path dir;
    final String hub = KeycloakTestServer.uniqueRealm("drift-hub");
    final String spoke = KeycloakTestServer.uniqueRealm("drift-spoke");
    final AdminRest admin = KeycloakTestServer.admin();

    /** Identity and references Keycloak will not let be changed to nonsense: the object is found by them. */
    static final Set<String> FIXED = Set.of("alias", "providerId", "clientId", "protocol", "firstBrokerLoginFlowAlias",
            "publicClient", "clientAuthenticatorType");

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + hub);
        admin.delete("/admin/realms/" + spoke);
    }

    Map<String, ResourceChange> plan(boolean apply) {
        var p = Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), apply);
        Map<String, ResourceChange> out = new java.util.TreeMap<>();
        p.plan().changes().stream().filter(ResourceChange::isChange).forEach(c -> out.put(c.address().toString(), c));
        return out;
    }

    /** A value of the same kind that is not dive's: a flipped boolean, another URL, another name. */
    static JsonNode tampered(String field, JsonNode v) {
        if (v.isBoolean()) {
            return KeycloakKind.JSON.getNodeFactory().booleanNode(!v.asBoolean());
        }
        return switch (v.asText()) {
            case "true" -> TextNode.valueOf("false");
            case "false" -> TextNode.valueOf("true");
            case "FORCE" -> TextNode.valueOf("IMPORT");
            case "client_secret_post" -> TextNode.valueOf("client_secret_basic");
            default -> v.isArray() ? KeycloakKind.JSON.createArrayNode().add("https://evil.example/" + field + "/*")
                    : TextNode.valueOf("https://evil.example/" + field);
        };
    }

    /** Changes every field of {@code sent} that {@code server} has, by hand; returns their dotted paths under {@code prefix}. */
    static List<String> tamper(ObjectNode server, JsonNode sent, String prefix) {
        List<String> paths = new ArrayList<>();
        sent.fieldNames().forEachRemaining(k -> {
            if (FIXED.contains(k) || !server.has(k)) {
                return;
            }
            if (sent.get(k).isObject()) {
                paths.addAll(tamper((ObjectNode) server.get(k), sent.get(k), prefix + k + "."));
            } else {
                server.set(k, tampered(k, server.get(k)));
                paths.add(prefix + k);
            }
        });
        return paths;
    }

    @Test
    void everyFieldTheLinkWritesIsDriftAndApplyRepairsIt() throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), "name: drift\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s, attributes: {userAttributes: [clearance]}}
                  - {type: realm, name: %2$s, attributes: {userAttributes: [clearance]}}
                  - type: link
                    name: hub-spoke
                    attributes:
                      hub: {realm: %1$s, alias: spoke-idp, client: spoke-broker}
                      spoke: {realm: %2$s, alias: hub-idp, client: hub-broker}
                      claims: [clearance]
                      secret: ${secret:generate:link}
                """.formatted(hub, spoke));
        plan(true);
        KeycloakServer server = KeycloakServer.of(null, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("url", KeycloakTestServer.url()));
        LinkShape.Side h = LinkShape.side(wrap("hub", hub, "spoke-idp", "spoke-broker"), "hub", server);
        LinkShape.Side s = LinkShape.side(wrap("spoke", spoke, "hub-idp", "hub-broker"), "spoke", server);

        // The hub's IdP, field by field as LinkKind sends it: URLs to evil.example, flags flipped.
        String idpPath = "/admin/realms/" + hub + "/identity-provider/instances/spoke-idp";
        ObjectNode idp = (ObjectNode) admin.get(idpPath);
        idp.with("config").remove("clientSecret"); // left out, Keycloak keeps the secret
        List<String> expected = new ArrayList<>(tamper(idp, LinkShape.idpRep(h, s), "hub.idp."));
        admin.put(idpPath, idp);
        // The IdP mapper's settings.
        String mappersPath = idpPath + "/mappers";
        ObjectNode mapper = (ObjectNode) admin.get(mappersPath).get(0);
        expected.addAll(tamper(mapper.with("config"), LinkShape.idpMapper("spoke-idp", "clearance").get("config"),
                "hub.idp.mapper_settings.clearance.config."));
        mapper.with("config").put("claim", "clearance"); // the claim names the mapper: kept
        expected.remove("hub.idp.mapper_settings.clearance.config.claim");
        admin.put(mappersPath + "/" + mapper.path("id").asText(), mapper);
        // The spoke's client the hub logs in through, and its claim mapper.
        JsonNode found = admin.get("/admin/realms/" + spoke + "/clients?clientId=hub-broker").get(0);
        String clientPath = "/admin/realms/" + spoke + "/clients/" + found.path("id").asText();
        ObjectNode client = (ObjectNode) found.deepCopy();
        client.remove("protocolMappers");
        expected.addAll(tamper(client, LinkShape.clientRep(s, h), "spoke.client."));
        admin.put(clientPath, client);
        ObjectNode protocolMapper = (ObjectNode) admin.get(clientPath + "/protocol-mappers/models").get(0);
        expected.addAll(tamper(protocolMapper.with("config"), KeycloakKind.claimMapper("clearance").get("config"),
                "spoke.client.mapper_settings.clearance.config."));
        protocolMapper.with("config").put("claim.name", "clearance");
        expected.remove("spoke.client.mapper_settings.clearance.config.claim.name");
        admin.put(clientPath + "/protocol-mappers/models/" + protocolMapper.path("id").asText(), protocolMapper);

        assertTrue(expected.size() >= 25 && expected.contains("hub.idp.config.tokenUrl") && expected.contains("hub.idp.config.authorizationUrl"),
                expected::toString);
        Map<String, ResourceChange> drift = plan(false);
        assertEquals(Set.of("link.hub-spoke"), drift.keySet(), drift::toString);
        Set<String> seen = new TreeSet<>();
        drift.get("link.hub-spoke").attributes().forEach(a -> seen.add(a.path()));
        for (String path : expected) {
            assertTrue(seen.stream().anyMatch(p -> p.equals(path) || path.startsWith(p + ".")), "not seen as drift: " + path + "; seen " + seen);
        }
        plan(true);
        assertEquals(Map.of(), plan(false), "apply did not repair every field");
        assertEquals(KeycloakTestServer.url() + "/realms/" + spoke + "/protocol/openid-connect/token", admin.get(idpPath).path("config").path("tokenUrl").asText());
    }

    static JsonNode wrap(String side, String realm, String alias, String client) {
        ObjectNode o = KeycloakKind.JSON.createObjectNode();
        o.putObject(side).put("realm", realm).put("alias", alias).put("client", client);
        return o;
    }
}
