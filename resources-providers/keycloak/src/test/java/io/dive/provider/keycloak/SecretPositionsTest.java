package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dive.core.plan.PlanFile;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three positions where a secret reference once leaked to state and plans, against the real
 * Keycloak: an item of a user attribute's list, part of a client's redirect URI, and a setting of an
 * authentication flow step. Each value reaches Keycloak, none is written in clear, the first apply
 * converges (Keycloak's read-back of a list is not "inconsistent"), and a rotation is a change.
 */
class SecretPositionsTest {

    static final String ITEM = "kc-list-item-S3CRET";
    static final String PART = "kc-url-part-S3CRET";
    static final String STEP = "kc-flow-step-S3CRET";

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("positions");

    @AfterEach
    void drop() {
        KeycloakTestServer.admin().delete("/admin/realms/" + realm);
    }

    @Test
    void listItemsPartsOfUrisAndFlowSettingsAreFingerprintedAndConverge() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, "name: positions\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - type: realm
                    name: %1$s
                    attributes: {userAttributes: [apikey]}
                  - type: user
                    name: %1$s/carol
                    attributes: {attributes: {apikey: ["${secret:env:DIVE_TEST_ITEM}"]}}
                  - type: client
                    name: %1$s/app
                    attributes: {redirectUris: ["https://x.example/${secret:env:DIVE_TEST_PART}/*", "https://y.example/*"]}
                  - type: auth_flow
                    name: %1$s/guarded
                    attributes:
                      executions:
                        - {authenticator: auth-username-password-form, requirement: REQUIRED}
                        - flow: guarded-otp
                          requirement: CONDITIONAL
                          executions:
                            - authenticator: conditional-user-attribute
                              requirement: REQUIRED
                              configAlias: guarded-when
                              config: {attribute_name: apikey, attribute_expected_value: "${secret:env:DIVE_TEST_STEP}"}
                            - {authenticator: auth-otp-form, requirement: REQUIRED}
                """.formatted(realm));
        Map<String, String> env = KeycloakTestServer.env(dir);
        env.put("DIVE_TEST_ITEM", ITEM);
        env.put("DIVE_TEST_PART", PART);
        env.put("DIVE_TEST_STEP", STEP);
        var first = Runs.plan(manifest, env, true); // fails the test if the apply reports anything
        PlanFile.write(dir.resolve("first.plan"), manifest, first.plan());

        AdminRest kc = KeycloakTestServer.admin();
        assertEquals(ITEM, kc.get("/admin/realms/" + realm + "/users?exact=true&username=carol").get(0).path("attributes").path("apikey").get(0).asText());
        assertEquals(Map.of(), Runs.changes(Runs.plan(manifest, env, false)), "the first apply must converge");

        env.put("DIVE_TEST_STEP", STEP + "-rotated");
        var rotated = Runs.plan(manifest, env, false);
        assertEquals(Map.of("auth_flow." + realm + "/guarded", "update[executions]"), Runs.changes(rotated));
        PlanFile.write(dir.resolve("rotated.plan"), manifest, rotated.plan());
        Runs.plan(manifest, env, true);
        assertEquals(Map.of(), Runs.changes(Runs.plan(manifest, env, false)));

        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                for (String secret : List.of(ITEM, PART, STEP)) {
                    assertFalse(text.contains(secret), "secret value " + secret + " found in " + f);
                }
            }
        }
    }
}
