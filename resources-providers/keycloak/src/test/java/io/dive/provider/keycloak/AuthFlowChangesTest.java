package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Action;
import io.dive.spi.state.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes to an authentication flow beyond the conformance test's: an authenticator added inside a
 * subflow (the shape changes, the executions are rebuilt in their new order, the logins meanwhile on a
 * copy that goes afterwards, also one a rebuild stopped half-way left), and the flow unbound (the
 * realm's browser login goes back to Keycloak's built-in flow).
 */
class AuthFlowChangesTest {

    @TempDir
    Path dir;
    final String realm = KeycloakTestServer.uniqueRealm("flows");
    final AdminRest admin = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + realm);
    }

    Planned apply(String executions, String bind) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, "name: flows\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s}
                  - type: auth_flow
                    name: %1$s/login
                    attributes:
                      bind: %2$s
                      executions:
                        - {authenticator: auth-cookie, requirement: ALTERNATIVE}
                        - flow: login-forms
                          requirement: ALTERNATIVE
                          executions: %3$s
                """.formatted(realm, bind, executions));
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(file, null, KeycloakTestServer.env(dir)::get, registry, io.dive.spi.Log.to(System.err))) {
            State state = s.store().read();
            Planned planned = s.plan(state, PlanOptions.all());
            ApplyResult r = s.apply(planned, state, ApplyListener.NONE, 10);
            assertTrue(r.succeeded(), () -> "apply failed: " + r.outcomes());
            assertFalse(s.plan(s.store().read(), PlanOptions.all()).plan().hasChanges(), "the flow is not as declared after its apply");
            return planned;
        }
    }

    List<String> listing() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : admin.get("/admin/realms/" + realm + "/authentication/flows/login/executions")) {
            out.add(e.path("level").asInt() + " " + e.path("displayName").asText() + " " + e.path("requirement").asText());
        }
        return out;
    }

    List<String> flowAliases() {
        List<String> out = new ArrayList<>();
        admin.get("/admin/realms/" + realm + "/authentication/flows").forEach(f -> out.add(f.path("alias").asText()));
        return out;
    }

    @Test
    void anAuthenticatorAddedInASubflowRebuildsItAndUnbindingGivesTheLoginBack() throws Exception {
        apply("[{authenticator: auth-username-password-form, requirement: REQUIRED}]", "[browser]");
        assertEquals("login", admin.get("/admin/realms/" + realm).path("browserFlow").asText());

        Planned grown = apply("[{authenticator: auth-username-password-form, requirement: REQUIRED}, {authenticator: auth-otp-form, requirement: REQUIRED}]",
                "[browser]");
        assertEquals(Action.UPDATE, grown.plan().changes().stream().filter(c -> c.address().type().equals("auth_flow")).findFirst().orElseThrow().action());
        assertEquals(List.of("0 Cookie ALTERNATIVE", "0 login-forms ALTERNATIVE", "1 Username Password Form REQUIRED", "1 OTP Form REQUIRED"), listing());

        assertFalse(flowAliases().contains("login-dive-swap"), "the copy that carried the logins during the rebuild stayed: " + flowAliases());

        // A rebuild that stopped half-way left the logins on the copy: the next one takes them up and removes it.
        String realmPath = "/admin/realms/" + realm;
        admin.post(realmPath + "/authentication/flows/login/copy", KeycloakKind.JSON.createObjectNode().put("newName", "login-dive-swap"));
        com.fasterxml.jackson.databind.node.ObjectNode rep = (com.fasterxml.jackson.databind.node.ObjectNode) admin.get(realmPath);
        admin.put(realmPath, rep.put("browserFlow", "login-dive-swap"));
        // Moved: the OTP form first. The same authenticators in another order are another flow.
        apply("[{authenticator: auth-otp-form, requirement: REQUIRED}, {authenticator: auth-username-password-form, requirement: REQUIRED}]", "[browser]");
        assertEquals(List.of("0 Cookie ALTERNATIVE", "0 login-forms ALTERNATIVE", "1 OTP Form REQUIRED", "1 Username Password Form REQUIRED"), listing());
        assertEquals("login", admin.get(realmPath).path("browserFlow").asText(), "the logins did not come back from the copy");
        assertFalse(flowAliases().contains("login-dive-swap"), flowAliases()::toString);

        apply("[{authenticator: auth-otp-form, requirement: REQUIRED}, {authenticator: auth-username-password-form, requirement: REQUIRED}]", "[]");
        assertEquals("browser", admin.get("/admin/realms/" + realm).path("browserFlow").asText(), "unbound: the built-in browser flow again");
    }
}
