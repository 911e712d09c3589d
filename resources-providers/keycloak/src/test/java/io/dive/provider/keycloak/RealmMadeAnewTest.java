package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.engine.Session;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Log;
import io.dive.spi.Verifier;
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
 * A spoke realm deleted by hand and made again by the next apply: its link is replaced with it, so the
 * accounts the hub's identity provider brokered from the old realm go, and the users of the new realm
 * log in through the hub at once. Before, the link was only updated, and the first login met "User with
 * email ... already exists".
 */
class RealmMadeAnewTest {

    @TempDir
    Path dir;
    final String hub = KeycloakTestServer.uniqueRealm("anew-hub");
    final String spoke = KeycloakTestServer.uniqueRealm("anew-spoke");
    final AdminRest kc = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        kc.delete("/admin/realms/" + hub);
        kc.delete("/admin/realms/" + spoke);
    }

    @Test
    void aLinkToARealmMadeAnewIsReplacedAndVerifyPassesAfterOneApply() throws Exception {
        Path m = dir.resolve("topology.yaml");
        Files.writeString(m, "name: anew\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s, attributes: {userAttributes: [clearance, countryOfAffiliation, acpCOI]}}
                  - {type: realm, name: %2$s, attributes: {userAttributes: [clearance, countryOfAffiliation, acpCOI]}}
                  - type: user
                    name: %1$s/hubuser
                    attributes: {password: "${secret:generate:anew-hubuser}", firstName: Hub, lastName: User, email: hubuser@usa.example,
                                 emailVerified: true, attributes: {clearance: [SECRET], countryOfAffiliation: [USA], acpCOI: [NATO]}}
                  - type: user
                    name: %2$s/spokeuser
                    attributes: {password: "${secret:generate:anew-spokeuser}", firstName: Spoke, lastName: User, email: spokeuser@fra.example,
                                 emailVerified: true, attributes: {clearance: [CONFIDENTIAL], countryOfAffiliation: [FRA], acpCOI: [NATO]}}
                  - type: link
                    name: hub-spoke
                    attributes:
                      hub: {realm: %1$s, alias: spoke-idp, client: spoke-broker}
                      spoke: {realm: %2$s, alias: hub-idp, client: hub-broker}
                      claims: [clearance, countryOfAffiliation, acpCOI]
                      secret: ${secret:generate:anew-link}
                """.formatted(hub, spoke));
        Map<String, String> env = KeycloakTestServer.env(dir);
        Runs.plan(m, env, true);
        verifyPasses(m, env); // the hub now holds spokeuser, brokered from the spoke realm

        kc.delete("/admin/realms/" + spoke); // by hand
        Map<String, String> changes = Runs.changes(Runs.plan(m, env, false));
        assertEquals("create[]", changes.get("realm." + spoke), changes::toString);
        assertTrue(changes.get("link.hub-spoke").startsWith("replace"), "the link goes with the realm it joined: " + changes);
        Runs.plan(m, env, true);
        assertEquals(Map.of(), Runs.changes(Runs.plan(m, env, false)));
        verifyPasses(m, env);
    }

    private static void verifyPasses(Path m, Map<String, String> env) {
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(m, null, env::get, registry, Log.NONE)) {
            List<Verifier.Check> checks = io.dive.core.ops.VerifyOperation.run(s, Duration.ofSeconds(20), Log.NONE);
            assertTrue(checks.stream().allMatch(Verifier.Check::ok), () -> checks.stream().filter(c -> !c.ok()).toList().toString());
        }
    }
}
