package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.engine.Session;
import io.dive.core.engine.TopologyChecks;
import io.dive.core.manifest.ManifestLoader;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.DiveException;
import io.dive.spi.Log;
import io.dive.spi.Verifier;
import io.dive.spi.state.State;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keycloak per instance: two real Keycloak servers, each realm on its own, and a link whose hub side
 * lives on the first and whose spoke side lives on the second. verify follows a real brokered login
 * from one server to the other and back.
 */
class TwoServersTest {

    @TempDir
    Path dir;
    final String hub = KeycloakTestServer.uniqueRealm("two-hub");
    final String spoke = KeycloakTestServer.uniqueRealm("two-spoke");
    final AdminRest first = KeycloakTestServer.admin();
    final AdminRest second = KeycloakTestServer.secondAdmin();

    @AfterEach
    void drop() {
        for (AdminRest a : List.of(first, second)) {
            a.delete("/admin/realms/" + hub);
            a.delete("/admin/realms/" + spoke);
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = KeycloakTestServer.env(dir);
        env.put("DIVE_SECOND_KEYCLOAK_URL", KeycloakTestServer.secondUrl());
        return env;
    }

    private Path write(String servers) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, "name: two\n" + servers + """
                resources:
                  - {type: realm, name: %1$s, server: kc-hub, attributes: {userAttributes: [clearance, countryOfAffiliation, acpCOI]}}
                  - {type: realm, name: %2$s, server: kc-spoke, attributes: {userAttributes: [clearance, countryOfAffiliation, acpCOI]}}
                  - type: user
                    name: %1$s/hubuser
                    attributes:
                      password: "${secret:generate:hubuser}"
                      firstName: Hub
                      lastName: User
                      email: hubuser@usa.example
                      emailVerified: true
                      attributes: {clearance: [SECRET], countryOfAffiliation: [USA], acpCOI: [NATO, FVEY]}
                  - type: user
                    name: %2$s/spokeuser
                    attributes:
                      password: "${secret:generate:spokeuser}"
                      firstName: Spoke
                      lastName: User
                      email: spokeuser@fra.example
                      emailVerified: true
                      attributes: {clearance: [CONFIDENTIAL], countryOfAffiliation: [FRA], acpCOI: [NATO, EU]}
                  - type: link
                    name: hub-spoke
                    attributes:
                      hub: {realm: %1$s, alias: spoke-idp, client: spoke-broker}
                      spoke: {realm: %2$s, alias: hub-idp, client: hub-broker}
                      claims: [clearance, countryOfAffiliation, acpCOI]
                      secret: ${secret:generate:two-link}
                """.formatted(hub, spoke));
        return file;
    }

    private static final String SERVERS = """
            servers:
              kc-hub:
                provider: keycloak
                url: ${env:DIVE_KEYCLOAK_URL}
                public_url: ${env:DIVE_KEYCLOAK_URL}
                admin: {username: admin, password: "${secret:env:DIVE_TEST_KC_ADMIN_PASSWORD}"}
              kc-spoke:
                provider: keycloak
                url: ${env:DIVE_SECOND_KEYCLOAK_URL}
                public_url: ${env:DIVE_SECOND_KEYCLOAK_URL}
                admin: {username: admin, password: "${secret:env:DIVE_TEST_KC_ADMIN_PASSWORD}"}
            """;

    @Test
    void eachRealmLivesOnItsOwnServerAndTheLinkCrossesThem() throws Exception {
        Path file = write(SERVERS);
        Runs.plan(file, env(), true);

        // Each realm and its user on its own server, and nowhere else.
        assertNotNull(first.get("/admin/realms/" + hub));
        assertNull(first.get("/admin/realms/" + spoke), "the spoke realm landed on the hub's server");
        assertNotNull(second.get("/admin/realms/" + spoke));
        assertNull(second.get("/admin/realms/" + hub), "the hub realm landed on the spoke's server");
        assertEquals(1, second.get("/admin/realms/" + spoke + "/users?exact=true&username=spokeuser").size());

        // The hub's IdP sends browsers to the spoke's server, and its client waits for the spoke's callback.
        JsonNode idp = first.get("/admin/realms/" + hub + "/identity-provider/instances/spoke-idp");
        String spokeUrl = KeycloakTestServer.secondUrl();
        assertEquals(spokeUrl + "/realms/" + spoke + "/protocol/openid-connect/auth", idp.path("config").path("authorizationUrl").asText());
        assertEquals(spokeUrl + "/realms/" + spoke + "/protocol/openid-connect/token", idp.path("config").path("tokenUrl").asText());
        JsonNode hubClient = second.get("/admin/realms/" + spoke + "/clients?clientId=hub-broker").get(0);
        assertEquals(KeycloakTestServer.url() + "/realms/" + hub + "/broker/spoke-idp/endpoint*", hubClient.path("redirectUris").get(0).asText());

        assertEquals(Map.of(), Runs.changes(Runs.plan(file, env(), false)), "the next plan is not empty");

        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(file, null, env()::get, registry, Log.to(System.err))) {
            // State says where each resource lives.
            State state = s.store().read();
            assertEquals("kc-spoke", state.get("realm." + spoke).server());
            assertEquals("kc-spoke", state.get("user." + spoke + "/spokeuser").server());
            assertEquals("kc-hub", state.get("link.hub-spoke").server(), "a link lives with its hub realm");
            // The graph shows it.
            assertEquals("kc-spoke", s.graph().bindings().serverOf(io.dive.spi.Address.parse("realm." + spoke)));

            List<Verifier.Check> checks = io.dive.core.ops.VerifyOperation.run(s, Duration.ofSeconds(20), Log.to(System.err));
            assertTrue(checks.stream().allMatch(Verifier.Check::ok), () -> checks.stream().filter(c -> !c.ok()).toList().toString());
            assertTrue(checks.stream().filter(c -> c.name().startsWith("brokered login")).count() == 2, checks::toString);
        }
        // Every value of acpCOI came across, both ways.
        JsonNode arrived = first.get("/admin/realms/" + hub + "/users?exact=true&username=spokeuser").get(0).path("attributes");
        assertEquals(List.of("EU", "NATO"), sorted(arrived.path("acpCOI")));
        JsonNode back = second.get("/admin/realms/" + spoke + "/users?exact=true&username=hubuser").get(0).path("attributes");
        assertEquals(List.of("FVEY", "NATO"), sorted(back.path("acpCOI")));
    }

    @Test
    void withTheSpokesServerDownStatusBlamesOnlyWhatLivesThereOrNeedsIt() throws Exception {
        Path file = write(SERVERS);
        Runs.plan(file, env(), true);
        Map<String, String> down = env();
        down.put("DIVE_SECOND_KEYCLOAK_URL", "http://127.0.0.1:9"); // the spoke's Keycloak stopped: connection refused
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(file, null, down::get, registry, Log.NONE)) {
            var report = io.dive.core.ops.StatusReport.build(s, file, null, java.time.Clock.systemUTC());
            Map<String, String> unknown = new java.util.TreeMap<>();
            Map<String, String> known = new java.util.TreeMap<>();
            report.instances().forEach(i -> i.checks().forEach(c -> (c.detail() != null && c.detail().startsWith("unknown:") ? unknown : known)
                    .put(c.name(), c.detail())));
            assertEquals(java.util.Set.of("realm." + spoke, "user." + spoke + "/spokeuser", "link.hub-spoke"), unknown.keySet(), unknown::toString);
            assertTrue(unknown.values().stream().allMatch(d -> d.contains("kc-spoke")), unknown::toString);
            assertTrue(known.containsKey("realm." + hub) && known.containsKey("user." + hub + "/hubuser"), known::toString);
            assertTrue(known.values().stream().noneMatch(d -> d != null && d.contains("kc-spoke") && d.contains("unknown")), known::toString);
        }
    }

    private static List<String> sorted(JsonNode values) {
        return java.util.stream.StreamSupport.stream(values.spliterator(), false).map(JsonNode::asText).sorted().toList();
    }

    @Test
    void aLinkAcrossServersNeedsEachServersPublicUrl() throws Exception {
        Path file = write(SERVERS.replaceFirst("    public_url: \\$\\{env:DIVE_SECOND_KEYCLOAK_URL}\n", ""));
        DiveException e = assertThrows(DiveException.class, () -> validate(file));
        assertTrue(e.getMessage().contains("topology.yaml:") && e.getMessage().contains("link.hub-spoke.spoke: the link joins servers kc-hub and"
                + " kc-spoke, so each needs a public_url") && e.getMessage().contains("servers.kc-spoke gives none"), e.getMessage());
    }

    @Test
    void aResourceBoundToAnUndeclaredServerIsALocatedError() throws Exception {
        Path file = write(SERVERS.replace("kc-spoke:\n", "kc-other:\n"));
        DiveException e = assertThrows(DiveException.class, () -> validate(file));
        assertTrue(e.getMessage().matches("(?s).*topology\\.yaml:\\d+:\\d+: realm\\." + spoke + "\\.server: no server \"kc-spoke\" is declared"
                + " \\(declared: kc-hub, kc-other\\).*"), e.getMessage());
    }

    @Test
    void aUserNamingAnotherServerThanItsRealmsIsALocatedError() throws Exception {
        Path file = write(SERVERS);
        Files.writeString(file, Files.readString(file).replace("    name: " + hub + "/hubuser\n", "    name: " + hub + "/hubuser\n    server: kc-spoke\n"));
        DiveException e = assertThrows(DiveException.class, () -> validate(file));
        assertTrue(e.getMessage().matches("(?s).*topology\\.yaml:\\d+:\\d+: user\\." + hub + "/hubuser\\.server: user " + hub + "/hubuser lives with realm\\."
                + hub + ", which is on server kc-hub, not on kc-spoke: name kc-hub here, or move realm\\." + hub + " too.*"), e.getMessage());
    }

    @Test
    void aServerSettingTheProviderDoesNotKnowIsALocatedError() throws Exception {
        Path file = write(SERVERS.replace("    public_url: ${env:DIVE_KEYCLOAK_URL}\n", "    publicurl: ${env:DIVE_KEYCLOAK_URL}\n"));
        DiveException e = assertThrows(DiveException.class, () -> validate(file));
        assertTrue(e.getMessage().matches("(?s).*topology\\.yaml:\\d+:\\d+: servers\\.kc-hub\\.publicurl: unknown key \"publicurl\""
                + " \\(did you mean \"public_url\"\\?\\).*"), e.getMessage());
    }

    @Test
    void anIdpMapperOnALinksIdentityProviderIsRefused() throws Exception {
        Path file = dir.resolve("mapper-on-link.yaml");
        Files.writeString(file, "name: t\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: h}
                  - {type: realm, name: s}
                  - type: link
                    name: h-s
                    attributes: {hub: {realm: h, alias: s-idp, client: s-broker}, spoke: {realm: s, alias: h-idp, client: h-broker}, secret: x}
                  - {type: idp_mapper, name: h/s-idp/extra, attributes: {identityProviderMapper: hardcoded-attribute-idp-mapper}}
                """);
        DiveException e = assertThrows(DiveException.class, () -> validate(file));
        assertTrue(e.getMessage().contains("idp_mapper.h/s-idp/extra: identity provider s-idp in realm h is link.h-s's, which keeps its mappers"),
                e::getMessage);
    }

    private void validate(Path file) {
        try (ProviderRegistry registry = ProviderRegistry.discover()) {
            TopologyChecks.check(new ManifestLoader(env()::get, registry.types()).load(file), registry);
        }
    }
}
