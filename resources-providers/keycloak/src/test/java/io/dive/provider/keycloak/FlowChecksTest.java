package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.engine.TopologyChecks;
import io.dive.core.manifest.ManifestLoader;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.DiveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows that would cross-wire are refused when the manifest is checked, naming both places, with no
 * server contacted: a subflow alias two flows of a realm share (the apply once put one flow's step into
 * the other's), a subflow alias every new realm has (a 409 at apply), two flows bound to one slot (the
 * binding moved on every apply, and drift was never clean).
 */
class FlowChecksTest {

    @TempDir
    Path dir;

    static final String HEAD = """
            name: flows
            keycloak: {url: "http://127.0.0.1:1", admin: {username: admin, password: admin}}
            resources:
              - {type: realm, name: r}
              - {type: realm, name: other}
            """;

    String refused(String resources) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, HEAD + resources);
        DiveException e = assertThrows(DiveException.class, () -> validate(file));
        return e.getMessage().replace(file.toString(), "topology.yaml");
    }

    @Test
    void twoFlowsOfARealmSharingASubflowAliasAreRefusedNamingBoth() throws Exception {
        String message = refused("""
                  - type: auth_flow
                    name: r/f1
                    attributes:
                      executions:
                        - {authenticator: auth-cookie, requirement: ALTERNATIVE}
                        - {flow: myforms, requirement: ALTERNATIVE, executions: [{authenticator: auth-username-password-form, requirement: REQUIRED}]}
                  - type: auth_flow
                    name: r/f2
                    attributes:
                      executions:
                        - {flow: myforms, requirement: REQUIRED, executions: [{authenticator: auth-otp-form, requirement: REQUIRED}]}
                """);
        assertTrue(message.contains("topology.yaml:16:12: "), message);
        assertTrue(message.contains("auth_flow.r/f2.executions.0.flow: subflow alias \"myforms\" is used by another flow of realm r"), message);
        assertTrue(message.contains("(the other: topology.yaml:11:12: "), message);
        assertTrue(message.contains("auth_flow.r/f1.executions.1.flow)"), message);
    }

    @Test
    void aSubflowAliasEveryNewRealmHasOrAFlowOfTheRealmIsRefused() throws Exception {
        String builtIn = refused("""
                  - type: auth_flow
                    name: r/mine
                    attributes:
                      executions: [{flow: forms, requirement: REQUIRED, executions: []}]
                """);
        assertTrue(builtIn.contains("auth_flow.r/mine.executions.0.flow: subflow alias \"forms\" is taken in every new realm"
                + " (by Keycloak's built-in flow \"browser\")"), builtIn);
        String declared = refused("""
                  - {type: auth_flow, name: r/outer, attributes: {executions: [{flow: inner, requirement: REQUIRED}]}}
                  - {type: auth_flow, name: r/inner, attributes: {executions: [{authenticator: auth-otp-form, requirement: REQUIRED}]}}
                """);
        assertTrue(declared.contains("auth_flow.r/outer.executions.0.flow: subflow alias \"inner\" is the alias of a flow this realm declares"),
                declared);
        assertTrue(declared.contains("(the other: topology.yaml:"), declared);
    }

    @Test
    void twoFlowsBoundToOneSlotAreRefusedNamingBoth() throws Exception {
        String message = refused("""
                  - {type: auth_flow, name: r/a, attributes: {bind: browser, executions: [{authenticator: auth-cookie, requirement: ALTERNATIVE}]}}
                  - {type: auth_flow, name: r/b, attributes: {bind: [direct_grant, browser], executions: [{authenticator: auth-cookie, requirement: ALTERNATIVE}]}}
                """);
        assertTrue(message.contains("auth_flow.r/b.bind.1: the realm's browser binding is claimed by two flows: a binding has one flow"
                + " (the other: topology.yaml:"), message);
        assertTrue(message.contains("auth_flow.r/a.bind)"), message);
    }

    @Test
    void theSameAliasesInOtherRealmsAndABuiltInFlowsOwnSubflowPass() throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, HEAD + """
                  - {type: auth_flow, name: r/a, attributes: {bind: browser, executions: [{flow: shared, requirement: REQUIRED}]}}
                  - {type: auth_flow, name: other/a, attributes: {bind: browser, executions: [{flow: shared, requirement: REQUIRED}]}}
                  - {type: auth_flow, name: other/browser, attributes: {executions: [{flow: forms, requirement: ALTERNATIVE}]}}
                """);
        assertDoesNotThrow(() -> validate(file));
        assertEquals("browser", FlowChecks.BUILT_IN.get("Browser - Conditional 2FA"));
    }

    private static void validate(Path file) {
        Map<String, String> env = Map.of();
        try (ProviderRegistry registry = ProviderRegistry.discover()) {
            TopologyChecks.check(new ManifestLoader(env::get, registry.types()).load(file), registry);
        }
    }
}
