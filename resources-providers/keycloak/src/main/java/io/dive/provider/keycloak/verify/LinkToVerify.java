package io.dive.provider.keycloak.verify;

import io.dive.provider.keycloak.KeycloakApi;
import java.util.List;
import java.util.Map;

/**
 * What {@code dive verify} needs of a link: the two sides, the shared secret (resolved), and for each
 * side a test user who can log in (username, password, and the attributes that must arrive), and the
 * server it lives on.
 */
public record LinkToVerify(String address, Side hub, Side spoke, String secret) {

    /**
     * A Keycloak server as verify sees it: the address a browser uses, dive's admin connection, and
     * the CAs its certificate is checked against (empty: the JDK's).
     */
    public record Server(String publicUrl, KeycloakApi admin, List<java.security.cert.X509Certificate> cas) {
    }

    /** One realm of the link: its IdP alias, its client, its server, and a user of this realm to log in with. */
    public record Side(String realm, String alias, String client, String username, String password,
                       Map<String, List<String>> expectedAttributes, Server server) {

        String url() {
            return server.publicUrl();
        }

        KeycloakApi admin() {
            return server.admin();
        }

        List<java.security.cert.X509Certificate> cas() {
            return server.cas();
        }
    }
}
