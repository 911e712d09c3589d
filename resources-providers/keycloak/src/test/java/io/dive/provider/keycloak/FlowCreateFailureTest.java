package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.apply.ApplyResult;
import io.dive.core.apply.ResourceOutcome;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow whose step Keycloak refuses (an authenticator it does not know), in a realm the same apply
 * creates: the apply reports that failure, naming the flow, the call and Keycloak's answer. It once
 * said the flow was "made by the server with realm ..., adopted (dive never deletes it)".
 */
class FlowCreateFailureTest {

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("flowfail");

    @AfterEach
    void drop() {
        KeycloakTestServer.admin().delete("/admin/realms/" + realm);
    }

    @Test
    void aRefusedStepIsReportedAsTheFailureItIs() throws Exception {
        Path m = dir.resolve("topology.yaml");
        Files.writeString(m, "name: flowfail\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s}
                  - type: auth_flow
                    name: %1$s/broken
                    attributes:
                      executions:
                        - {authenticator: auth-cookie, requirement: ALTERNATIVE}
                        - {authenticator: no-such-authenticator, requirement: REQUIRED}
                """.formatted(realm));
        ApplyResult r = Runs.applyAllowingFailure(m, KeycloakTestServer.env(dir));
        ResourceOutcome flow = r.outcomes().stream().filter(o -> o.address().toString().equals("auth_flow." + realm + "/broken")).findFirst().orElseThrow();
        assertEquals(ResourceOutcome.Status.FAILED, flow.status(), flow::toString);
        assertTrue(flow.message().contains("flow broken was created, then ") && flow.message().contains("Keycloak answered"), flow.message());
        assertFalse(flow.message().contains("adopted"), flow.message());
    }
}
