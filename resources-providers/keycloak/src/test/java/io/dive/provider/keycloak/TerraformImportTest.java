package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.engine.Session;
import io.dive.core.ops.TerraformImport.Result;
import io.dive.core.ops.TerraformImport;
import io.dive.core.plan.ResourceChange;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Action;
import io.dive.spi.state.StateEntry;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Taking over what terraform-provider-keycloak made: the objects are made through Keycloak's admin REST
 * API (as Terraform would), their ids go into the committed v4 state fixture (terraform/fixtures), and
 * dive import --from-terraform adopts each one the manifest declares, reports the rest, and creates
 * nothing: the plan after it has no create.
 */
class TerraformImportTest {

    static final Path FIXTURE = Path.of("../../terraform/fixtures/keycloak-v4.tfstate");

    @TempDir
    Path dir;
    final String hub = KeycloakTestServer.uniqueRealm("tf-hub");
    final String spoke = KeycloakTestServer.uniqueRealm("tf-spoke");
    final AdminRest admin = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + hub);
        admin.delete("/admin/realms/" + spoke);
    }

    @Test
    void everyDeclaredObjectIsAdoptedTheRestIsReportedAndNothingIsCreated() throws Exception {
        Map<String, String> ids = madeByTerraform();
        Path manifest = Files.writeString(dir.resolve("topology.yaml"), "name: tfimport\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s, attributes: {displayName: Hub}}
                  - {type: realm, name: %2$s}
                  - {type: client, name: %1$s/portal, attributes: {publicClient: true}}
                  - {type: protocol_mapper, name: %1$s/portal/clearance, attributes: {protocolMapper: oidc-usermodel-attribute-mapper, config: {claim.name: clearance}}}
                  - {type: user, name: %1$s/alice, attributes: {attributes: {clearance: [SECRET]}}}
                  - {type: role, name: %1$s/dive-admin, attributes: {description: Administrators}}
                  - {type: user_group, name: %1$s/analysts, attributes: {attributes: {tier: [analysis]}}}
                  - {type: auth_flow, name: %1$s/dive-mfa-browser, attributes: {description: MFA, executions: [{authenticator: auth-cookie}]}}
                  - type: link
                    name: hub-sp
                    attributes:
                      hub: {realm: %1$s, alias: sp-idp, client: sp-broker}
                      spoke: {realm: %2$s, alias: hub-idp, client: hub-broker}
                      secret: ${secret:generate:tf-link}
                """.formatted(hub, spoke));
        String state = Files.readString(FIXTURE);
        for (var e : ids.entrySet()) {
            state = state.replace("@" + e.getKey() + "@", e.getValue());
        }
        Path tfstate = Files.writeString(dir.resolve("terraform.tfstate"), state);

        Map<String, String> env = KeycloakTestServer.env(dir);
        List<TerraformImport.Line> report;
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(manifest, null, env::get, registry, io.dive.spi.Log.to(System.err))) {
            report = TerraformImport.run(s, tfstate, Duration.ofSeconds(10));
        }
        Map<String, String> byTf = new TreeMap<>();
        report.forEach(l -> byTf.put(l.terraformAddress(), l.result() + (l.address() == null ? "" : " " + l.address())));
        String pretty = report.stream().map(Object::toString).collect(Collectors.joining("\n"));
        assertEquals("IMPORTED realm." + hub, byTf.get("keycloak_realm.hub"), pretty);
        assertEquals("IMPORTED realm." + spoke, byTf.get("keycloak_realm.spoke"), pretty);
        assertEquals("PART realm." + hub, byTf.get("keycloak_realm_user_profile.hub"), pretty);
        assertEquals("IMPORTED client." + hub + "/portal", byTf.get("keycloak_openid_client.portal"), pretty);
        assertEquals("IMPORTED protocol_mapper." + hub + "/portal/clearance", byTf.get("keycloak_openid_user_attribute_protocol_mapper.clearance"), pretty);
        assertEquals("IMPORTED user." + hub + "/alice", byTf.get("keycloak_user.users[\"alice\"]"), pretty);
        assertEquals("IMPORTED link.hub-sp", byTf.get("keycloak_oidc_identity_provider.spoke_idp"), pretty);
        assertEquals("PART link.hub-sp", byTf.get("keycloak_custom_identity_provider_mapper.spoke_idp_clearance"), pretty);
        assertEquals("NOT_DECLARED", byTf.get("keycloak_openid_client.legacy"), pretty);
        assertEquals("IMPORTED role." + hub + "/dive-admin", byTf.get("keycloak_role.admin"), pretty);
        assertEquals("IMPORTED user_group." + hub + "/analysts", byTf.get("keycloak_group.analysts"), pretty);
        assertEquals("IMPORTED auth_flow." + hub + "/dive-mfa-browser", byTf.get("keycloak_authentication_flow.mfa"), pretty);
        assertEquals("UNMAPPED", byTf.get("keycloak_realm_events.hub"), pretty);
        assertEquals(13, report.size(), "data sources are not objects to take over: " + pretty);
        assertTrue(report.stream().filter(l -> l.result() == Result.UNMAPPED).allMatch(l -> l.detail().startsWith("dive has no kind for keycloak_")),
                pretty);

        // Recorded as adopted, and the plan creates nothing: the imported objects are the ones it plans for.
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(manifest, null, env::get, registry, io.dive.spi.Log.to(System.err))) {
            for (StateEntry e : s.store().read().entries().values()) {
                // A link's parts say themselves who made them (partsKnowTheirMaker): none of Terraform's carries dive's mark,
                // so a delete of the link would leave them all.
                assertEquals(e.address().startsWith("link.") ? "CREATED" : "ADOPTED", e.status().name(), e.address());
            }
            assertEquals(null, admin.get("/admin/realms/" + hub + "/identity-provider/instances/sp-idp").path("config").get(LinkShape.OWNER),
                    "Terraform's IdP was marked as dive's");
            assertEquals(9, s.store().read().entries().size());
            // All of them in one run: one lock, one plan, one record in the history.
            var runs = ((io.dive.spi.state.RunHistory) s.store()).history(20);
            assertEquals(1, runs.size(), runs::toString);
            assertEquals("dive import --from-terraform terraform.tfstate", runs.get(0).command());
            assertEquals(9, runs.get(0).outcomes().size(), runs::toString);
        }
        List<ResourceChange> changes = Runs.plan(manifest, env, false).plan().changes();
        for (ResourceChange c : changes) {
            assertNotEquals(Action.CREATE, c.action(), c::toString);
        }
        assertEquals(ids.get("PORTAL_ID"), admin.get("/admin/realms/" + hub + "/clients?clientId=portal").get(0).path("id").asText(),
                "the client was recreated");
        // A second import finds everything in state already.
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(manifest, null, env::get, registry, io.dive.spi.Log.to(System.err))) {
            assertTrue(TerraformImport.run(s, tfstate, Duration.ofSeconds(10)).stream().noneMatch(l -> l.result() == Result.IMPORTED));
        }
    }

    @Test
    void anObjectWhoseIdInTheStateNamesAnotherObjectOrNoneFails() throws Exception {
        Map<String, String> ids = madeByTerraform();
        // bob's uuid where alice's should be, a client role's uuid for the realm role, a group id that names nothing.
        ObjectNode bob = KeycloakKind.JSON.createObjectNode().put("username", "bob").put("enabled", true);
        ids.put("ALICE_ID", admin.post("/admin/realms/" + hub + "/users", bob));
        admin.post("/admin/realms/" + hub + "/clients/" + ids.get("PORTAL_ID") + "/roles", KeycloakKind.JSON.createObjectNode().put("name", "dive-admin"));
        ids.put("ROLE_ID", admin.get("/admin/realms/" + hub + "/clients/" + ids.get("PORTAL_ID") + "/roles/dive-admin").path("id").asText());
        ids.put("GROUP_ID", UUID.randomUUID().toString());
        Path manifest = Files.writeString(dir.resolve("topology.yaml"), "name: tfimport\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s, attributes: {displayName: Hub}}
                  - {type: client, name: %1$s/portal, attributes: {publicClient: true}}
                  - {type: user, name: %1$s/alice, attributes: {attributes: {clearance: [SECRET]}}}
                  - {type: role, name: %1$s/dive-admin, attributes: {description: Administrators}}
                  - {type: user_group, name: %1$s/analysts}
                  - type: identity_provider
                    name: %1$s/sp-idp
                    attributes: {providerId: oidc, config: {clientId: by-terraform, authorizationUrl: "https://idp.example/auth", tokenUrl: "https://idp.example/token"}}
                  - type: idp_mapper
                    name: %1$s/sp-idp/clearance
                    attributes: {identityProviderMapper: oidc-user-attribute-idp-mapper, config: {claim: clearance, user.attribute: clearance, syncMode: FORCE}}
                """.formatted(hub));
        String state = Files.readString(FIXTURE);
        for (var e : ids.entrySet()) {
            state = state.replace("@" + e.getKey() + "@", e.getValue());
        }
        Path tfstate = Files.writeString(dir.resolve("terraform.tfstate"), state);
        Map<String, TerraformImport.Line> byTf = new TreeMap<>();
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(manifest, null, KeycloakTestServer.env(dir)::get, registry, io.dive.spi.Log.NONE)) {
            TerraformImport.run(s, tfstate, Duration.ofSeconds(10)).forEach(l -> byTf.put(l.terraformAddress(), l));
            assertEquals(java.util.Set.of("realm." + hub, "client." + hub + "/portal", "identity_provider." + hub + "/sp-idp",
                    "idp_mapper." + hub + "/sp-idp/clearance"), s.store().read().entries().keySet());
        }
        String pretty = byTf.values().stream().map(Object::toString).collect(Collectors.joining("\n"));
        assertEquals(Result.IMPORTED, byTf.get("keycloak_openid_client.portal").result(), pretty);
        // An identity provider's mapper is the declared idp_mapper (not a part of the identity provider).
        assertEquals("IMPORTED idp_mapper." + hub + "/sp-idp/clearance", byTf.get("keycloak_custom_identity_provider_mapper.spoke_idp_clearance").result()
                + " " + byTf.get("keycloak_custom_identity_provider_mapper.spoke_idp_clearance").address(), pretty);
        for (String failed : List.of("keycloak_user.users[\"alice\"]", "keycloak_role.admin", "keycloak_group.analysts")) {
            assertEquals(Result.FAILED, byTf.get(failed).result(), failed + ":\n" + pretty);
            assertTrue(byTf.get(failed).detail().contains("cannot import "), pretty);
        }
        assertTrue(byTf.get("keycloak_user.users[\"alice\"]").detail().contains("cannot import " + ids.get("ALICE_ID")), pretty);
    }

    /** The objects as Terraform made them, through the admin REST API; their ids by the fixture's placeholder names. */
    private Map<String, String> madeByTerraform() {
        Map<String, String> ids = new TreeMap<>();
        ids.put("HUB", hub);
        ids.put("SPOKE", spoke);
        for (String realm : List.of(hub, spoke)) {
            admin.post("/admin/realms", KeycloakKind.JSON.createObjectNode().put("realm", realm).put("enabled", true));
        }
        ids.put("PORTAL_ID", admin.post("/admin/realms/" + hub + "/clients",
                KeycloakKind.JSON.createObjectNode().put("clientId", "portal").put("publicClient", true)));
        ObjectNode mapper = KeycloakKind.JSON.createObjectNode().put("name", "clearance").put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-usermodel-attribute-mapper");
        mapper.putObject("config").put("user.attribute", "clearance").put("claim.name", "clearance");
        ids.put("MAPPER_ID", admin.post("/admin/realms/" + hub + "/clients/" + ids.get("PORTAL_ID") + "/protocol-mappers/models", mapper));
        ObjectNode alice = KeycloakKind.JSON.createObjectNode().put("username", "alice").put("enabled", true);
        alice.putObject("attributes").putArray("clearance").add("SECRET");
        ids.put("ALICE_ID", admin.post("/admin/realms/" + hub + "/users", alice));
        // The link's parts: an IdP and a broker client on each side.
        for (String[] side : new String[][] {{hub, "sp-idp", "sp-broker"}, {spoke, "hub-idp", "hub-broker"}}) {
            ObjectNode idp = KeycloakKind.JSON.createObjectNode().put("alias", side[1]).put("providerId", "oidc").put("enabled", true);
            idp.putObject("config").put("clientId", "by-terraform").put("authorizationUrl", "https://idp.example/auth")
                    .put("tokenUrl", "https://idp.example/token").put("clientSecret", "by-terraform-secret");
            admin.post("/admin/realms/" + side[0] + "/identity-provider/instances", idp);
            admin.post("/admin/realms/" + side[0] + "/clients", KeycloakKind.JSON.createObjectNode().put("clientId", side[2]));
        }
        ObjectNode idpMapper = KeycloakKind.JSON.createObjectNode().put("name", "clearance").put("identityProviderAlias", "sp-idp")
                .put("identityProviderMapper", "oidc-user-attribute-idp-mapper");
        idpMapper.putObject("config").put("claim", "clearance").put("user.attribute", "clearance").put("syncMode", "FORCE");
        ids.put("IDP_MAPPER_ID", admin.post("/admin/realms/" + hub + "/identity-provider/instances/sp-idp/mappers", idpMapper));
        admin.post("/admin/realms/" + hub + "/roles", KeycloakKind.JSON.createObjectNode().put("name", "dive-admin").put("description", "Admins"));
        ids.put("ROLE_ID", admin.get("/admin/realms/" + hub + "/roles/dive-admin").path("id").asText());
        ids.put("GROUP_ID", admin.post("/admin/realms/" + hub + "/groups", KeycloakKind.JSON.createObjectNode().put("name", "analysts")));
        ids.put("FLOW_ID", admin.post("/admin/realms/" + hub + "/authentication/flows", KeycloakKind.JSON.createObjectNode()
                .put("alias", "dive-mfa-browser").put("providerId", "basic-flow").put("topLevel", true).put("description", "")));
        ids.put("LEGACY_ID", UUID.randomUUID().toString());
        return ids;
    }
}
