package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceRef;

/**
 * {@code admin_password.NAME}: the password of the admin user dive logs in to its server with, kept in
 * Keycloak itself. Keycloak reads KC_BOOTSTRAP_ADMIN_PASSWORD at its first start only, so a rotated secret
 * must be set inside the running server: dive logs in with the server's {@code admin.previous_password}
 * when {@code admin.password} is refused, resets the admin's credential to the new value
 * ({@code PUT .../users/ID/reset-password}), and logs in again with it. Its one attribute, {@code password},
 * is the server's {@code admin.password} (the same reference; checked before anything is contacted), so a
 * rotation shows in the plan as a change of this resource. A delete forgets it: the admin stays.
 */
final class AdminPasswordKind extends io.dive.spi.ServicePasswordKind {

    static final String TYPE = "admin_password";
    private final KeycloakProvider provider;

    AdminPasswordKind(KeycloakProvider provider) {
        super(TYPE, java.util.List.of("password"), "the admin user");
        this.provider = provider;
    }

    /**
     * The admin as its server has it: its password is whichever of the server's two logged in (the current
     * one, or the previous one that a rotation replaces). Null when the admin user is not in its realm.
     */
    @Override
    public JsonNode read(ResourceRef ref) {
        KeycloakServer s = provider.server(ref.server());
        KeycloakApi api = s.api();
        boolean previous = api.loggedInWithPrevious();
        if (adminId(api) == null) {
            return null;
        }
        ObjectNode o = KeycloakKind.JSON.createObjectNode();
        o.put("password", s.settings().path("admin").path(previous ? "previous_password" : "password").asText());
        return o;
    }

    @Override
    protected void set(ApplyRequest r) {
        KeycloakServer s = provider.server(r.server());
        String wanted = r.desired().path("password").asText();
        if (!wanted.equals(s.settings().path("admin").path("password").asText())) {
            throw new ProviderException(r.address() + ": its password is not " + s.label() + "'s admin.password: give the same secret reference");
        }
        KeycloakApi api = s.api();
        if (!api.loggedInWithPrevious()) {
            return; // the server already takes the current password
        }
        String id = adminId(api);
        if (id == null) {
            throw new ProviderException(r.address() + ": no user \"" + api.adminUsername() + "\" in realm " + api.adminRealm() + " of " + s.label());
        }
        ObjectNode credential = KeycloakKind.JSON.createObjectNode();
        credential.put("type", "password");
        credential.put("value", wanted);
        credential.put("temporary", false);
        api.resetPassword(api.adminRealm(), id, credential);
        s.holder().renew(); // from here on, dive logs in with the new password
    }

    private static String adminId(KeycloakApi api) {
        JsonNode users = api.usersNamed(api.adminRealm(), api.adminUsername());
        if (users != null) {
            for (JsonNode u : users) {
                if (u.path("username").asText().equalsIgnoreCase(api.adminUsername())) {
                    return u.path("id").asText();
                }
            }
        }
        return null;
    }
}
