package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.testkit.KindConformance;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** Every Keycloak kind passes the shared conformance test against the real server. */
class KindConformanceTests {

    abstract static class Base extends KindConformance {
        final String realm = KeycloakTestServer.uniqueRealm("conf");
        final AdminRest admin = KeycloakTestServer.admin();

        @Override
        protected Map<String, String> env() {
            return KeycloakTestServer.env(dir);
        }

        String head() {
            return "name: conformance\n" + KeycloakTestServer.keycloakBlock() + "resources:\n"
                    + "  - type: realm\n    name: " + realm + "\n    attributes: {enabled: true, displayName: Conformance, userAttributes: [clearance]}\n";
        }

        String realmPath() {
            return "/admin/realms/" + realm;
        }

        @org.junit.jupiter.api.AfterEach
        void dropRealms() {
            admin.delete(realmPath());
        }
    }

    @Nested
    class Realm extends Base {
        @Override
        protected String topology(boolean withSubject) {
            return withSubject ? head() : "name: conformance\n" + KeycloakTestServer.keycloakBlock() + "resources: []\n";
        }

        @Override
        protected Address subject() {
            return new Address("realm", realm);
        }

        @Override
        protected void changeOutOfBand() {
            ObjectNode r = (ObjectNode) admin.get(realmPath());
            r.put("displayName", "Changed by hand");
            admin.put(realmPath(), r);
        }
    }

    @Nested
    class Client extends Base {
        @Override
        protected String topology(boolean withSubject) {
            return head() + (withSubject ? """
                      - type: client
                        name: %s/portal
                        attributes:
                          enabled: true
                          publicClient: false
                          secret: ${secret:generate:portal}
                          redirectUris: ["https://portal.example/cb"]
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("client", realm + "/portal");
        }

        @Override
        protected void changeOutOfBand() {
            JsonNode c = admin.get(realmPath() + "/clients?clientId=portal").get(0);
            ((ObjectNode) c).putArray("redirectUris").add("https://evil.example/cb");
            admin.put(realmPath() + "/clients/" + c.path("id").asText(), c);
        }
    }

    @Nested
    class User extends Base {
        @Override
        protected String topology(boolean withSubject) {
            return head() + (withSubject ? """
                      - type: user
                        name: %s/alice
                        attributes:
                          enabled: true
                          firstName: Alice
                          lastName: Example
                          email: Alice@Example.org
                          attributes: {clearance: SECRET}
                          password: ${secret:generate:alice}
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("user", realm + "/alice");
        }

        @Override
        protected void changeOutOfBand() {
            JsonNode u = admin.get(realmPath() + "/users?exact=true&username=alice").get(0);
            ((ObjectNode) u.get("attributes")).putArray("clearance").add("UNCLASSIFIED");
            admin.put(realmPath() + "/users/" + u.path("id").asText(), u);
        }
    }

    @Nested
    class Link extends Base {
        final String spoke = KeycloakTestServer.uniqueRealm("conf-spoke");

        @Override
        protected String topology(boolean withSubject) {
            String spokeRealm = "  - type: realm\n    name: " + spoke + "\n    attributes: {enabled: true, userAttributes: [clearance]}\n";
            return head() + spokeRealm + (withSubject ? """
                      - type: link
                        name: hub-spoke
                        attributes:
                          hub: {realm: %s, alias: spoke-idp, client: spoke-broker}
                          spoke: {realm: %s, alias: hub-idp, client: hub-broker}
                          claims: [clearance]
                          secret: ${secret:generate:link}
                    """.formatted(realm, spoke) : "");
        }

        @Override
        protected Address subject() {
            return new Address("link", "hub-spoke");
        }

        @org.junit.jupiter.api.AfterEach
        void dropSpoke() {
            admin.delete("/admin/realms/" + spoke);
        }

        @Override
        protected void changeOutOfBand() {
            // A mapper removed by hand on the spoke's side.
            String path = "/admin/realms/" + spoke + "/identity-provider/instances/hub-idp/mappers";
            JsonNode m = admin.get(path).get(0);
            admin.delete(path + "/" + m.path("id").asText());
        }
    }

    @Nested
    class ClientScope extends Base {
        @Override
        protected String topology(boolean withSubject) {
            return head() + (withSubject ? """
                      - type: client_scope
                        name: %s/dive-attributes
                        attributes:
                          description: DIVE attributes in every token
                          claims: [clearance, countryOfAffiliation]
                          realmDefault: default
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("client_scope", realm + "/dive-attributes");
        }

        @Override
        protected void changeOutOfBand() {
            // The scope's claim mapper for clearance removed by hand, and the scope no longer a default one.
            JsonNode scope = null;
            for (JsonNode c : admin.get(realmPath() + "/client-scopes")) {
                scope = c.path("name").asText().equals("dive-attributes") ? c : scope;
            }
            String id = scope.path("id").asText();
            for (JsonNode m : scope.path("protocolMappers")) {
                if (m.path("name").asText().equals("clearance")) {
                    admin.delete(realmPath() + "/client-scopes/" + id + "/protocol-mappers/models/" + m.path("id").asText());
                }
            }
            admin.delete(realmPath() + "/default-default-client-scopes/" + id);
        }
    }

    @Nested
    class Role extends Base {
        @Override
        protected String topology(boolean withSubject) {
            return head() + (withSubject ? """
                      - type: role
                        name: %s/dive-admin
                        attributes:
                          description: DIVE administrators
                          attributes: {scope: [hub, spokes]}
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("role", realm + "/dive-admin");
        }

        @Override
        protected void changeOutOfBand() {
            ObjectNode r = (ObjectNode) admin.get(realmPath() + "/roles/dive-admin");
            r.put("description", "changed by hand");
            admin.put(realmPath() + "/roles/dive-admin", r);
        }
    }

    /** A subgroup (its parent declared too, in both topologies): made under its parent, its attributes compared as sets. */
    @Nested
    class Group extends Base {
        @Override
        protected String topology(boolean withSubject) {
            return head() + """
                      - type: user_group
                        name: %s/analysts
                    """.formatted(realm) + (withSubject ? """
                      - type: user_group
                        name: %s/analysts/fra
                        attributes:
                          attributes: {country: [FRA], clearance: [SECRET, CONFIDENTIAL]}
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("user_group", realm + "/analysts/fra");
        }

        @Override
        protected void changeOutOfBand() {
            ObjectNode g = (ObjectNode) admin.get(realmPath() + "/group-by-path/analysts/fra");
            g.putObject("attributes").putArray("country").add("DEU");
            admin.put(realmPath() + "/groups/" + g.path("id").asText(), g);
        }
    }

    /**
     * A realm's security settings (DIVE V3's realm-security Terraform): brute-force detection, the password
     * policy and the OTP policy are the realm's own fields, declared, compared and repaired like any other.
     */
    @Nested
    class RealmSecuritySettings extends Base {
        @Override
        protected String topology(boolean withSubject) {
            return withSubject ? "name: conformance\n" + KeycloakTestServer.keycloakBlock() + """
                    resources:
                      - type: realm
                        name: %s
                        attributes:
                          bruteForceProtected: true
                          failureFactor: 5
                          waitIncrementSeconds: 60
                          maxFailureWaitSeconds: 900
                          permanentLockout: false
                          passwordPolicy: "length(12) and upperCase(1) and digits(1) and notUsername(undefined) and passwordHistory(5)"
                          otpPolicyType: totp
                          otpPolicyAlgorithm: HmacSHA256
                          otpPolicyDigits: 6
                          otpPolicyPeriod: 30
                    """.formatted(realm) : "name: conformance\n" + KeycloakTestServer.keycloakBlock() + "resources: []\n";
        }

        @Override
        protected Address subject() {
            return new Address("realm", realm);
        }

        @Override
        protected void changeOutOfBand() {
            ObjectNode r = (ObjectNode) admin.get(realmPath());
            r.put("passwordPolicy", "length(6)");
            r.put("bruteForceProtected", false);
            admin.put(realmPath(), r);
        }
    }

    /** A client role (its client declared too, in both topologies). */
    @Nested
    class ClientRole extends Base {
        @Override
        protected String topology(boolean withSubject) {
            return head() + """
                      - {type: client, name: %1$s/portal, attributes: {publicClient: true}}
                    """.formatted(realm) + (withSubject ? """
                      - type: client_role
                        name: %1$s/portal/reviewer
                        attributes: {description: Reviews documents, attributes: {scope: [fra, usa]}}
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("client_role", realm + "/portal/reviewer");
        }

        @Override
        protected void changeOutOfBand() {
            String id = admin.get(realmPath() + "/clients?clientId=portal").get(0).path("id").asText();
            ObjectNode r = (ObjectNode) admin.get(realmPath() + "/clients/" + id + "/roles/reviewer");
            r.put("description", "changed by hand");
            admin.put(realmPath() + "/clients/" + id + "/roles/reviewer", r);
        }
    }
    /**
     * An authentication flow bound as the realm's browser flow: a subflow within a subflow, a configured
     * condition. Out of band, the OTP subflow is disabled, the condition's expected value changed and the
     * realm's browser binding given back to the built-in flow. Its delete unbinds it first.
     */
    @Nested
    class AuthFlow extends Base {
        @Override
        protected String topology(boolean withSubject) {
            return head() + (withSubject ? """
                      - type: auth_flow
                        name: %s/mfa-browser
                        attributes:
                          description: OTP above UNCLASSIFIED
                          bind: browser
                          executions:
                            - {authenticator: auth-cookie, requirement: ALTERNATIVE}
                            - {authenticator: identity-provider-redirector, requirement: ALTERNATIVE}
                            - flow: mfa-browser-forms
                              requirement: ALTERNATIVE
                              executions:
                                - {authenticator: auth-username-password-form, requirement: REQUIRED}
                                - flow: mfa-browser-otp
                                  requirement: CONDITIONAL
                                  executions:
                                    - authenticator: conditional-user-attribute
                                      requirement: REQUIRED
                                      config: {attribute_name: clearance, attribute_expected_value: "^(CONFIDENTIAL|SECRET|TOP_SECRET)$", regex: true}
                                    - {authenticator: auth-otp-form, requirement: REQUIRED}
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("auth_flow", realm + "/mfa-browser");
        }

        @Override
        protected void changeOutOfBand() {
            String flows = realmPath() + "/authentication/flows/";
            for (JsonNode e : admin.get(flows + "mfa-browser/executions")) {
                if (e.path("displayName").asText().equals("mfa-browser-otp")) {
                    ((ObjectNode) e).put("requirement", "DISABLED");
                    admin.put(flows + "mfa-browser-forms/executions", e);
                }
                if (e.has("authenticationConfig")) {
                    String path = realmPath() + "/authentication/config/" + e.path("authenticationConfig").asText();
                    ObjectNode c = (ObjectNode) admin.get(path);
                    ((ObjectNode) c.get("config")).put("attribute_expected_value", "TOP_SECRET");
                    admin.put(path, c);
                }
            }
            ObjectNode r = (ObjectNode) admin.get(realmPath());
            r.put("browserFlow", "browser");
            admin.put(realmPath(), r);
        }
    }
    /** A client's protocol mapper (its client declared too, in both topologies); only the settings declared are compared. */
    @Nested
    class ProtocolMapper extends Base {
        @Override
        protected String topology(boolean withSubject) {
            return head() + """
                      - {type: client, name: %1$s/portal, attributes: {publicClient: true}}
                    """.formatted(realm) + (withSubject ? """
                      - type: protocol_mapper
                        name: %1$s/portal/clearance
                        attributes:
                          protocolMapper: oidc-usermodel-attribute-mapper
                          config: {user.attribute: clearance, claim.name: clearance, multivalued: true, access.token.claim: true, jsonType.label: String}
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("protocol_mapper", realm + "/portal/clearance");
        }

        @Override
        protected void changeOutOfBand() {
            JsonNode c = admin.get(realmPath() + "/clients?clientId=portal").get(0);
            for (JsonNode m : c.path("protocolMappers")) {
                if (m.path("name").asText().equals("clearance")) {
                    ((ObjectNode) m.get("config")).put("claim.name", "level");
                    admin.put(realmPath() + "/clients/" + c.path("id").asText() + "/protocol-mappers/models/" + m.path("id").asText(), m);
                }
            }
        }
    }
    /** Users declared in both topologies, and a group, whose members the subject is. */
    abstract class WithPeople extends Base {
        String people() {
            return """
                      - {type: user, name: %1$s/alice, attributes: {firstName: Alice}}
                      - {type: user, name: %1$s/bob, attributes: {firstName: Bob}}
                      - {type: user, name: %1$s/carol, attributes: {firstName: Carol}}
                      - {type: user_group, name: %1$s/analysts}
                      - {type: user_group, name: %1$s/analysts/fra}
                    """.formatted(realm);
        }

        String userId(String username) {
            return admin.get(realmPath() + "/users?exact=true&username=" + username).get(0).path("id").asText();
        }
    }

    /** A group's members: a member added by hand is drift, and apply takes them out again. */
    @Nested
    class GroupMembership extends WithPeople {
        @Override
        protected String topology(boolean withSubject) {
            return head() + people() + (withSubject ? """
                      - {type: group_membership, name: %1$s/analysts/fra, attributes: {users: [alice, Bob]}}
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("group_membership", realm + "/analysts/fra");
        }

        @Override
        protected void changeOutOfBand() {
            String group = admin.get(realmPath() + "/group-by-path/analysts/fra").path("id").asText();
            admin.put(realmPath() + "/users/" + userId("carol") + "/groups/" + group, KeycloakKind.JSON.createObjectNode());
            admin.delete(realmPath() + "/users/" + userId("alice") + "/groups/" + group);
        }
    }

    /** Who holds a realm role: users and groups; a holder given the role by hand is drift. */
    @Nested
    class RoleMembership extends WithPeople {
        @Override
        protected String topology(boolean withSubject) {
            return head() + people() + """
                      - {type: role, name: %1$s/dive-admin}
                    """.formatted(realm) + (withSubject ? """
                      - {type: role_membership, name: %1$s/dive-admin, attributes: {users: [alice], groups: [/analysts/fra]}}
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("role_membership", realm + "/dive-admin");
        }

        @Override
        protected void changeOutOfBand() {
            JsonNode role = admin.get(realmPath() + "/roles/dive-admin");
            admin.post(realmPath() + "/users/" + userId("bob") + "/role-mappings/realm", KeycloakKind.JSON.createArrayNode().add(role));
        }
    }

    /** Who holds a client's role: here users only (the groups holding it are left alone). */
    @Nested
    class ClientRoleMembership extends WithPeople {
        @Override
        protected String topology(boolean withSubject) {
            return head() + people() + """
                      - {type: client, name: %1$s/portal, attributes: {publicClient: true}}
                      - {type: client_role, name: %1$s/portal/reviewer}
                    """.formatted(realm) + (withSubject ? """
                      - {type: role_membership, name: %1$s/portal/reviewer, attributes: {users: [alice, carol]}}
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("role_membership", realm + "/portal/reviewer");
        }

        @Override
        protected void changeOutOfBand() {
            String client = admin.get(realmPath() + "/clients?clientId=portal").get(0).path("id").asText();
            admin.delete(realmPath() + "/users/" + userId("carol") + "/role-mappings/clients/" + client,
                    KeycloakKind.JSON.createArrayNode().add(admin.get(realmPath() + "/clients/" + client + "/roles/reviewer")));
        }
    }
    /** An external OIDC identity provider, its client secret a generated secret that Keycloak shows masked. */
    @Nested
    class IdentityProvider extends Base {
        String idp() {
            return """
                      - type: identity_provider
                        name: %1$s/partner
                        attributes:
                          providerId: oidc
                          displayName: Partner
                          enabled: true
                          trustEmail: false
                          config:
                            clientId: dive
                            clientSecret: ${secret:generate:partner}
                            authorizationUrl: https://partner.example/auth
                            tokenUrl: https://partner.example/token
                            syncMode: FORCE
                    """.formatted(realm);
        }

        @Override
        protected String topology(boolean withSubject) {
            return head() + (withSubject ? idp() : "");
        }

        @Override
        protected Address subject() {
            return new Address("identity_provider", realm + "/partner");
        }

        @Override
        protected void changeOutOfBand() {
            String path = realmPath() + "/identity-provider/instances/partner";
            ObjectNode idp = (ObjectNode) admin.get(path);
            ((ObjectNode) idp.get("config")).put("tokenUrl", "https://evil.example/token");
            admin.put(path, idp);
        }
    }

    /** A mapper of a declared identity provider (declared in both topologies). */
    @Nested
    class IdpMapper extends IdentityProvider {
        @Override
        protected String topology(boolean withSubject) {
            return head() + idp() + (withSubject ? """
                      - type: idp_mapper
                        name: %1$s/partner/clearance
                        attributes:
                          identityProviderMapper: oidc-user-attribute-idp-mapper
                          config: {claim: clearance, user.attribute: clearance, syncMode: FORCE}
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("idp_mapper", realm + "/partner/clearance");
        }

        @Override
        protected void changeOutOfBand() {
            String path = realmPath() + "/identity-provider/instances/partner/mappers";
            ObjectNode m = (ObjectNode) admin.get(path).get(0);
            ((ObjectNode) m.get("config")).put("claim", "level");
            admin.put(path + "/" + m.path("id").asText(), m);
        }
    }
    /**
     * A required action. Every one comes registered with a new realm, so the realm is made first by hand with
     * TERMS_AND_CONDITIONS unregistered (the topology then adopts the realm): create registers it, delete
     * unregisters it.
     */
    @Nested
    class RequiredAction extends Base {
        @org.junit.jupiter.api.BeforeEach
        void realmWithoutTheAction() {
            admin.post("/admin/realms", KeycloakKind.JSON.createObjectNode().put("realm", realm).put("enabled", true));
            admin.delete(realmPath() + "/authentication/required-actions/TERMS_AND_CONDITIONS");
        }

        @Override
        protected String topology(boolean withSubject) {
            return head() + (withSubject ? """
                      - type: required_action
                        name: %1$s/TERMS_AND_CONDITIONS
                        attributes: {enabled: true, defaultAction: true, priority: 3}
                    """.formatted(realm) : "");
        }

        @Override
        protected Address subject() {
            return new Address("required_action", realm + "/TERMS_AND_CONDITIONS");
        }

        @Override
        protected void changeOutOfBand() {
            String path = realmPath() + "/authentication/required-actions/TERMS_AND_CONDITIONS";
            ObjectNode a = (ObjectNode) admin.get(path);
            a.put("defaultAction", false);
            admin.put(path, a);
        }
    }
}
