package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.Session;
import io.dive.core.plan.AttributeChange;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.plan.ResourceChange;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Action;
import io.dive.spi.Log;
import io.dive.spi.Verifier;
import io.dive.spi.state.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart topology (manifests/quickstart) against a real Keycloak: full apply, an empty second
 * plan that sends no write, out-of-band changes reported with their exact paths and repaired, a spoke
 * removed, and bounded observation.
 */
class QuickstartTest {

    static final List<String> REALMS = List.of("dive-v3-broker-usa", "dive-v3-broker-fra", "dive-v3-broker-deu");
    @TempDir
    Path dir;
    Path manifest;
    final AdminRest admin = KeycloakTestServer.admin();

    @BeforeEach
    void freshRealmsAndManifest() throws Exception {
        KeycloakTestServer.url();
        REALMS.forEach(r -> admin.delete("/admin/realms/" + r));
        manifest = dir.resolve("topology.yaml");
        Files.copy(Path.of(System.getProperty("dive.repo.root"), "manifests", "quickstart", "topology.yaml"), manifest);
    }

    @AfterEach
    void dropRealms() {
        REALMS.forEach(r -> admin.delete("/admin/realms/" + r));
    }

    record Run(Planned planned, ApplyResult result, long reads, long writes) {
    }

    Run run(boolean apply) {
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(manifest, null, KeycloakTestServer.env(dir)::get, registry, io.dive.spi.Log.to(System.err))) {
            State state = s.store().read();
            Planned planned = s.plan(state, PlanOptions.all());
            ApplyResult result = apply ? s.apply(planned, state, ApplyListener.NONE, 10) : null;
            if (result != null) {
                assertTrue(result.succeeded(), () -> "apply failed: " + result.outcomes().stream().filter(o -> o.message() != null).toList());
            }
            KeycloakApi api = ((KeycloakProvider) s.context().provider("realm")).apiForTests();
            return new Run(planned, result, api.reads(), api.writes());
        }
    }

    static Map<String, ResourceChange> changes(Planned p) {
        Map<String, ResourceChange> out = new TreeMap<>();
        p.plan().changes().stream().filter(ResourceChange::isChange).forEach(c -> out.put(c.address().toString(), c));
        return out;
    }

    @Test
    void appliesThenPlansNothingAndSendsNoWrite() {
        Run first = run(true);
        assertEquals(30, first.planned().plan().summary().get(Action.CREATE));
        Run second = run(true);
        assertEquals(Map.of(), changes(second.planned()));
        assertEquals(0, second.writes(), "a no-op apply sent write requests");
        // The claims are declared in every realm's user profile, so Keycloak keeps them.
        JsonNode bob = admin.get("/admin/realms/dive-v3-broker-usa/users?exact=true&username=bob.contractor").get(0);
        assertEquals("SECRET", bob.path("attributes").path("clearance").get(0).asText());
        // Declared without enabled, as the quickstart does: enabled, as Keycloak's console would make him.
        assertTrue(bob.path("enabled").asBoolean(), bob::toString);
        // Both directions of each link exist, with one shared secret.
        assertNotNull(admin.get("/admin/realms/dive-v3-broker-usa/identity-provider/instances/fra-idp"));
        assertNotNull(admin.get("/admin/realms/dive-v3-broker-fra/identity-provider/instances/usa-idp"));
        assertEquals(1, admin.get("/admin/realms/dive-v3-broker-fra/clients?clientId=dive-v3-broker-usa").size());
        assertEquals(1, admin.get("/admin/realms/dive-v3-broker-usa/clients?clientId=dive-v3-broker-deu").size());
    }

    @Test
    void observationIsBoundedPerRealmNotPerObject() {
        run(true);
        Run noop = run(false);
        // Per realm: realm, user profile, clients, IdPs, one page of users, the authentication flows, the
        // MFA flow's executions and its one configured condition; per link side: IdP mappers and the client
        // secret. Never one request per user.
        long bound = 3 * 8 + 2 * 2 * 2;
        assertTrue(noop.reads() <= bound, "a no-op plan sent " + noop.reads() + " reads, bound " + bound);
        for (int i = 0; i < 30; i++) {
            ObjectNode u = KeycloakKind.JSON.createObjectNode().put("username", "extra-" + i).put("enabled", true);
            admin.post("/admin/realms/dive-v3-broker-usa/users", u);
        }
        assertEquals(noop.reads(), run(false).reads(), "30 more users in a realm must not cost more requests");
    }

    @Test
    void outOfBandChangesAreReportedWithTheirPathsAndRepaired() {
        run(true);
        // 1. a user attribute edited
        String fra = "/admin/realms/dive-v3-broker-fra";
        JsonNode u = admin.get(fra + "/users?exact=true&username=testuser-fra-1").get(0);
        ((ObjectNode) u.get("attributes")).putArray("clearance").add("TOP_SECRET");
        admin.put(fra + "/users/" + u.path("id").asText(), u);
        // 2. a redirect URI changed
        JsonNode c = admin.get(fra + "/clients?clientId=dive-v3-frontend").get(0);
        ((ObjectNode) c).putArray("redirectUris").add("https://evil.example/*");
        admin.put(fra + "/clients/" + c.path("id").asText(), c);
        // 3. an IdP disabled
        String idp = "/admin/realms/dive-v3-broker-usa/identity-provider/instances/deu-idp";
        ObjectNode i = (ObjectNode) admin.get(idp);
        i.put("enabled", false);
        admin.put(idp, i);
        // 4. a user deleted
        String deu = "/admin/realms/dive-v3-broker-deu";
        admin.delete(deu + "/users/" + admin.get(deu + "/users?exact=true&username=testuser-deu-2").get(0).path("id").asText());
        // 5. a realm setting changed
        ObjectNode realm = (ObjectNode) admin.get(deu);
        realm.put("displayName", "Renamed by hand");
        admin.put(deu, realm);
        // 6. a mapper removed (the claim mapper of the fra client the hub logs in through)
        JsonNode broker = admin.get(fra + "/clients?clientId=dive-v3-broker-usa").get(0);
        JsonNode mapper = null;
        for (JsonNode m : broker.path("protocolMappers")) {
            if (m.path("name").asText().equals("acpCOI")) {
                mapper = m;
            }
        }
        assertNotNull(mapper, "the link made no acpCOI mapper");
        admin.delete(fra + "/clients/" + broker.path("id").asText() + "/protocol-mappers/models/" + mapper.path("id").asText());

        Map<String, ResourceChange> drift = changes(run(false).planned());
        assertEquals(List.of("attributes.clearance"), paths(drift.get("user.dive-v3-broker-fra/testuser-fra-1")));
        assertEquals(List.of("redirectUris"), paths(drift.get("client.dive-v3-broker-fra/dive-v3-frontend")));
        assertEquals(List.of("hub.idp.enabled"), paths(drift.get("link.usa-deu")));
        assertEquals(Action.CREATE, drift.get("user.dive-v3-broker-deu/testuser-deu-2").action());
        assertEquals(List.of("displayName"), paths(drift.get("realm.dive-v3-broker-deu")));
        // A mapper removed by hand: its claim is missing, and so are its settings.
        assertEquals(List.of("spoke.client.mappers", "spoke.client.mapper_settings.acpCOI"), paths(drift.get("link.usa-fra")));
        assertEquals(6, drift.size(), drift::toString);

        run(true);
        assertEquals(Map.of(), changes(run(false).planned()));
    }

    /** What dive verify runs: the provider's checks through the engine's Verifier capability. */
    io.dive.core.ops.StatusReport.Report status() {
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(manifest, null, KeycloakTestServer.env(dir)::get, registry, Log.to(System.err))) {
            return io.dive.core.ops.StatusReport.build(s, manifest, null, java.time.Clock.systemUTC());
        }
    }

    static io.dive.core.ops.StatusReport.Check check(io.dive.core.ops.StatusReport.Report report, String instance, String name) {
        return report.instances().stream().filter(i -> i.code().equals(instance)).flatMap(i -> i.checks().stream())
                .filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + report));
    }

    List<Verifier.Check> verify() {
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(manifest, null, KeycloakTestServer.env(dir)::get, registry, Log.to(System.err))) {
            return io.dive.core.ops.VerifyOperation.run(s, java.time.Duration.ofSeconds(3), Log.to(System.out));
        }
    }

    @Test
    void verifyLogsInThroughEveryLinkBothWaysAndNamesTheCheckThatFails() {
        run(true);
        var checks = verify();
        assertEquals(32, checks.size(), "2 links x 2 directions x 8 checks");
        assertTrue(checks.stream().allMatch(Verifier.Check::ok), () -> "failed: " + checks.stream().filter(c -> !c.ok()).toList());
        // The brokered user's copy on the hub carries the spoke's clearance and country.
        JsonNode copy = admin.get("/admin/realms/dive-v3-broker-usa/users?exact=true&briefRepresentation=false&username=testuser-fra-1").get(0);
        assertEquals("FRA", copy.path("attributes").path("countryOfAffiliation").get(0).asText());
        assertEquals("UNCLASSIFIED", copy.path("attributes").path("clearance").get(0).asText());
        // dive status: healthy, each link's verify just passed, the server answering; well within the quickstart's 2 s.
        var healthy = status();
        assertTrue(healthy.healthy(), healthy::toString);
        assertTrue(healthy.elapsed().toMillis() < 2000, "dive status of the quickstart took " + healthy.elapsed().toMillis() + " ms");
        assertTrue(check(healthy, "fra", "link.usa-fra last verify").detail().startsWith("passed "), healthy::toString);
        assertEquals(io.dive.spi.HealthProbe.Level.OK, check(healthy, "(topology)", "server keycloak reachable").level(), healthy::toString);

        // The spoke's client (the one the hub's fra-idp logs in through) gets a new secret by hand.
        String fra = "/admin/realms/dive-v3-broker-fra";
        String id = admin.get(fra + "/clients?clientId=dive-v3-broker-usa").get(0).path("id").asText();
        admin.post(fra + "/clients/" + id + "/client-secret", KeycloakKind.JSON.createObjectNode());
        var broken = verify().stream().filter(c -> !c.ok()).toList();
        assertTrue(broken.stream().anyMatch(c -> c.subject().equals("link.usa-fra") && c.name().equals("secrets agree")
                && c.direction().contains("(fra-idp)")), broken::toString);
        assertTrue(broken.stream().anyMatch(c -> c.name().startsWith("brokered login")), "the login must fail too: " + broken);
        assertTrue(broken.stream().allMatch(c -> c.subject().equals("link.usa-fra")), "only the fra link is broken: " + broken);
        var degraded = status();
        var failedLink = check(degraded, "fra", "link.usa-fra last verify");
        assertEquals(io.dive.spi.HealthProbe.Level.FAIL, failedLink.level(), degraded::toString);
        assertTrue(failedLink.detail().contains("secrets agree"), failedLink::toString);
        assertEquals("dive apply --target link.usa-fra " + manifest + " && dive verify " + manifest, failedLink.fix());
        assertTrue(degraded.instances().stream().filter(i -> i.code().equals("deu")).allMatch(io.dive.core.ops.StatusReport.Instance::healthy));
        // dive sees it as drift of the link's secret and puts it back.
        assertEquals(List.of("secret"), paths(changes(run(false).planned()).get("link.usa-fra")));
        run(true);
        assertTrue(verify().stream().allMatch(Verifier.Check::ok));
    }

    @Test
    void rotatingALinkSecretChangesBothSidesTogetherAndNothingElse() throws Exception {
        run(true);
        Path secrets = dir.resolve(".dive/secrets.json");
        var all = (ObjectNode) KeycloakKind.JSON.readTree(secrets.toFile());
        all.put("link-usa-fra", "rotated-link-secret-0123456789");
        Files.writeString(secrets, all.toString());
        Map<String, ResourceChange> plan = changes(run(false).planned());
        assertEquals(List.of("link.usa-fra"), List.copyOf(plan.keySet()), "only the link that uses the secret moves");
        assertEquals(List.of("secret"), paths(plan.get("link.usa-fra")));
        assertTrue(plan.get("link.usa-fra").attributes().get(0).sensitive());
        run(true);
        for (String[] side : new String[][] {{"dive-v3-broker-usa", "dive-v3-broker-fra"}, {"dive-v3-broker-fra", "dive-v3-broker-usa"}}) {
            String id = admin.get("/admin/realms/" + side[0] + "/clients?clientId=" + side[1]).get(0).path("id").asText();
            assertEquals("rotated-link-secret-0123456789", admin.get("/admin/realms/" + side[0] + "/clients/" + id + "/client-secret").path("value").asText());
        }
        assertTrue(verify().stream().filter(c -> c.subject().equals("link.usa-fra")).allMatch(Verifier.Check::ok),
                "logins through both IdPs must work with the rotated secret");
    }

    static List<String> paths(ResourceChange c) {
        assertNotNull(c, "expected a change");
        return c.attributes().stream().map(AttributeChange::path).toList();
    }

    @Test
    void removingASpokeDeletesWhatDiveMadeAndLeavesAHandMadeUserAlone() throws Exception {
        run(true);
        admin.post("/admin/realms/dive-v3-broker-usa/users",
                KeycloakKind.JSON.createObjectNode().put("username", "made-by-hand").put("enabled", true));
        Files.writeString(manifest, Files.readString(manifest).replace("  - code: deu\n    name: Germany\n", ""));
        Map<String, ResourceChange> plan = changes(run(false).planned());
        assertTrue(plan.values().stream().allMatch(c -> c.action() == Action.DELETE), plan::toString);
        assertTrue(plan.containsKey("realm.dive-v3-broker-deu") && plan.containsKey("link.usa-deu"), plan::toString);
        assertEquals(10, plan.size(), plan::toString); // realm, MFA flow, frontend client, 6 users, link
        run(true);
        assertNull(admin.get("/admin/realms/dive-v3-broker-deu"));
        assertNull(admin.get("/admin/realms/dive-v3-broker-usa/identity-provider/instances/deu-idp"));
        assertEquals(0, admin.get("/admin/realms/dive-v3-broker-usa/clients?clientId=dive-v3-broker-deu").size());
        assertEquals(1, admin.get("/admin/realms/dive-v3-broker-usa/users?exact=true&username=made-by-hand").size());
        assertNotNull(admin.get("/admin/realms/dive-v3-broker-usa/identity-provider/instances/fra-idp"));
        assertEquals(Map.of(), changes(run(false).planned()));
    }
}
