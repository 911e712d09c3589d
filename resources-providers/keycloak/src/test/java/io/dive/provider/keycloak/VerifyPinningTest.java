package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.engine.Session;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Log;
import io.dive.spi.Verifier;
import io.dive.testkit.Runs;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dive verify sends a test user's password, and follows redirects, to the link's server only. */
class VerifyPinningTest {

    @TempDir
    Path dir;
    final String hub = KeycloakTestServer.uniqueRealm("pin-hub");
    final String spoke = KeycloakTestServer.uniqueRealm("pin-spoke");
    final AdminRest admin = KeycloakTestServer.admin();

    @AfterEach
    void drop() {
        admin.delete("/admin/realms/" + hub);
        admin.delete("/admin/realms/" + spoke);
    }

    @Test
    void anIdpRepointedElsewhereGetsNothingFromTheVerifyCron() throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), "name: pin\n" + KeycloakTestServer.keycloakBlock() + """
                resources:
                  - {type: realm, name: %1$s}
                  - {type: realm, name: %2$s}
                  - {type: user, name: %1$s/hubuser, attributes: {password: "${secret:generate:hubuser}"}}
                  - {type: user, name: %2$s/spokeuser, attributes: {password: "${secret:generate:spokeuser}"}}
                  - type: link
                    name: hub-spoke
                    attributes:
                      hub: {realm: %1$s, alias: spoke-idp, client: spoke-broker}
                      spoke: {realm: %2$s, alias: hub-idp, client: hub-broker}
                      secret: ${secret:generate:pin-link}
                """.formatted(hub, spoke));
        Runs.plan(dir.resolve("topology.yaml"), KeycloakTestServer.env(dir), true);
        try (ServerSocket attacker = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            attacker.setSoTimeout(1000);
            // A realm admin of the spoke's side... or anyone: the hub's IdP now sends browsers elsewhere.
            String idpPath = "/admin/realms/" + hub + "/identity-provider/instances/spoke-idp";
            ObjectNode idp = (ObjectNode) admin.get(idpPath);
            idp.with("config").put("authorizationUrl", "http://localhost:" + attacker.getLocalPort() + "/collect");
            idp.with("config").remove("clientSecret");
            admin.put(idpPath, idp);

            List<Verifier.Check> checks;
            try (ProviderRegistry registry = ProviderRegistry.discover();
                 Session s = Session.open(dir.resolve("topology.yaml"), null, KeycloakTestServer.env(dir)::get, registry, Log.to(System.err))) {
                checks = io.dive.core.ops.VerifyOperation.run(s, Duration.ZERO, Log.to(System.err));
            }
            List<Verifier.Check> login = checks.stream().filter(c -> c.name().startsWith("brokered login") && c.direction().contains("spoke-idp")).toList();
            assertEquals(1, login.size(), checks::toString);
            assertTrue(!login.get(0).ok() && login.get(0).detail().contains("http://localhost:" + attacker.getLocalPort()
                    + ", which is not the link's server"), login.get(0)::toString);
            try {
                attacker.accept().close();
                throw new AssertionError("verify followed the login to the repointed host");
            } catch (SocketTimeoutException expected) {
                // nothing reached it
            }
        }
    }
}
