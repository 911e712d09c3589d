package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Required actions against the real Keycloak, the conformance properties in the shape this kind has: most
 * come registered with a realm, so declared with it they are adopted and brought to the manifest; one that
 * is not registered is registered by create and unregistered by delete; a change by hand is drift that
 * apply repairs; applying twice equals once.
 */
class RequiredActionsTest {

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("actions");
    final AdminRest admin = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + realm);
    }

    Path manifest(String actions) throws Exception {
        return Files.writeString(dir.resolve("topology.yaml"), "name: actions\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %s}
                """.formatted(realm) + actions);
    }

    JsonNode action(String alias) {
        return admin.get("/admin/realms/" + realm + "/authentication/required-actions/" + alias);
    }

    @Test
    void builtInOnesAreAdoptedOthersRegisteredAndUnregisteredDriftRepaired() throws Exception {
        Map<String, String> env = KeycloakTestServer.env(dir);
        // Declared with the realm that brings it: adopted, then as declared (every new user asked for OTP first).
        Path m = manifest("""
                  - type: required_action
                    name: %s/CONFIGURE_TOTP
                    attributes: {enabled: true, defaultAction: true, priority: 5}
                """.formatted(realm));
        Runs.plan(m, env, true);
        assertTrue(action("CONFIGURE_TOTP").path("defaultAction").asBoolean(), action("CONFIGURE_TOTP")::toString);
        assertEquals(5, action("CONFIGURE_TOTP").path("priority").asInt());
        assertEquals(Map.of(), Runs.changes(Runs.plan(m, env, false)), "applying twice equals once");

        // Changed by hand: drift, repaired.
        ObjectNode byHand = (ObjectNode) action("CONFIGURE_TOTP");
        byHand.put("defaultAction", false);
        admin.put("/admin/realms/" + realm + "/authentication/required-actions/CONFIGURE_TOTP", byHand);
        assertEquals(Map.of("required_action." + realm + "/CONFIGURE_TOTP", "update[defaultAction]"), Runs.changes(Runs.plan(m, env, false)));
        Runs.plan(m, env, true);
        assertTrue(action("CONFIGURE_TOTP").path("defaultAction").asBoolean());

        // One that is not registered: create registers it, as declared; removing it from the manifest unregisters it.
        admin.delete("/admin/realms/" + realm + "/authentication/required-actions/TERMS_AND_CONDITIONS");
        assertEquals(null, action("TERMS_AND_CONDITIONS"));
        Path withTerms = manifest("""
                  - type: required_action
                    name: %1$s/CONFIGURE_TOTP
                    attributes: {enabled: true, defaultAction: true, priority: 5}
                  - type: required_action
                    name: %1$s/TERMS_AND_CONDITIONS
                    attributes: {enabled: true, priority: 1}
                """.formatted(realm));
        assertEquals(Map.of("required_action." + realm + "/TERMS_AND_CONDITIONS", "create[]"), Runs.changes(Runs.plan(withTerms, env, false)));
        Runs.plan(withTerms, env, true);
        assertTrue(action("TERMS_AND_CONDITIONS").path("enabled").asBoolean(), String.valueOf(action("TERMS_AND_CONDITIONS")));
        assertEquals(1, action("TERMS_AND_CONDITIONS").path("priority").asInt());
        assertEquals(Map.of(), Runs.changes(Runs.plan(withTerms, env, false)));

        m = manifest("""
                  - type: required_action
                    name: %s/CONFIGURE_TOTP
                    attributes: {enabled: true, defaultAction: true, priority: 5}
                """.formatted(realm));
        assertEquals(Map.of("required_action." + realm + "/TERMS_AND_CONDITIONS", "delete[]"), Runs.changes(Runs.plan(m, env, false)));
        Runs.plan(m, env, true);
        assertEquals(null, action("TERMS_AND_CONDITIONS"), "the delete left it registered");
        assertFalse(action("CONFIGURE_TOTP").isNull(), "the adopted one was removed");
    }
}
