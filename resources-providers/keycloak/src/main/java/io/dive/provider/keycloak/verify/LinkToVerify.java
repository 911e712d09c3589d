package io.dive.provider.keycloak.verify;

import java.util.Map;

/**
 * What {@code dive verify} needs of a link: the two sides, the shared secret (resolved), and for each
 * side a test user who can log in (username, password, and the attributes that must arrive).
 */
public record LinkToVerify(String address, String url, Side hub, Side spoke, String secret) {

    /** One realm of the link: its IdP alias, its client, and a user of this realm to log in with. */
    public record Side(String realm, String alias, String client, String username, String password,
                       Map<String, String> expectedAttributes) {
    }
}
