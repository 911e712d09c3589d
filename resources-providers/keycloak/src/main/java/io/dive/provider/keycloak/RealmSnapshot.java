package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything dive needs from one realm, read in a small constant number of requests plus pages:
 * the realm, its user profile, all clients (with their protocol mappers), all identity providers,
 * users page by page with full representations; only IdP mappers and client secrets of federation
 * links cost one request each, because Keycloak lists them nowhere else.
 */
final class RealmSnapshot {

    static final int PAGE = 500;
    /** User profile attributes every realm has; the rest are the ones dive declares. */
    static final Set<String> BUILT_IN_ATTRIBUTES = Set.of("username", "email", "firstName", "lastName");

    /** What to read of a realm. */
    static final class Needs {
        boolean profile;
        boolean clients;
        boolean idps;
        boolean users;
        /** A single user to read (the post-apply check) instead of paging all of them. */
        String onlyUser;
        final Set<String> idpMappersOf = new TreeSet<>();
        final Set<String> secretsOf = new TreeSet<>();
    }

    final String name;
    JsonNode realm;
    JsonNode profile;
    final Map<String, JsonNode> clients = new HashMap<>();
    final Map<String, JsonNode> idps = new HashMap<>();
    final Map<String, JsonNode> idpMappers = new HashMap<>();
    final Map<String, JsonNode> users = new HashMap<>();
    final Map<String, String> clientSecrets = new HashMap<>();

    private RealmSnapshot(String name) {
        this.name = name;
    }

    boolean exists() {
        return realm != null;
    }

    static RealmSnapshot load(KeycloakApi api, String name, Needs needs) {
        RealmSnapshot s = new RealmSnapshot(name);
        String base = "/admin/realms/" + KeycloakApi.enc(name);
        s.realm = api.get(base);
        if (s.realm == null) {
            return s; // no realm: nothing in it exists either
        }
        if (needs.profile) {
            s.profile = api.get(base + "/users/profile");
        }
        if (needs.clients || !needs.secretsOf.isEmpty()) {
            JsonNode list = api.get(base + "/clients");
            for (JsonNode c : list) {
                s.clients.put(c.path("clientId").asText(), c);
            }
        }
        for (String clientId : needs.secretsOf) {
            JsonNode c = s.clients.get(clientId);
            if (c == null) {
                continue;
            }
            String secret = c.path("secret").asText("");
            if (secret.isEmpty() || secret.startsWith("**")) {
                JsonNode cred = api.get(base + "/clients/" + c.path("id").asText() + "/client-secret");
                secret = cred == null ? "" : cred.path("value").asText("");
            }
            s.clientSecrets.put(clientId, secret);
        }
        if (needs.idps || !needs.idpMappersOf.isEmpty()) {
            JsonNode list = api.get(base + "/identity-provider/instances");
            for (JsonNode i : list) {
                s.idps.put(i.path("alias").asText(), i);
            }
        }
        for (String alias : needs.idpMappersOf) {
            if (s.idps.containsKey(alias)) {
                s.idpMappers.put(alias, api.get(base + "/identity-provider/instances/" + KeycloakApi.enc(alias) + "/mappers"));
            }
        }
        if (needs.onlyUser != null) {
            JsonNode list = api.get(base + "/users?briefRepresentation=false&exact=true&username=" + KeycloakApi.enc(needs.onlyUser));
            for (JsonNode u : list) {
                s.users.put(u.path("username").asText(), u);
            }
        } else if (needs.users) {
            for (int first = 0; ; first += PAGE) {
                JsonNode page = api.get(base + "/users?briefRepresentation=false&first=" + first + "&max=" + PAGE);
                for (JsonNode u : page) {
                    s.users.put(u.path("username").asText(), u);
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        return s;
    }

    /** The names of the realm's custom user-profile attributes. */
    Set<String> customAttributes() {
        Set<String> out = new TreeSet<>();
        if (profile != null) {
            for (JsonNode a : profile.path("attributes")) {
                String n = a.path("name").asText();
                if (!BUILT_IN_ATTRIBUTES.contains(n)) {
                    out.add(n);
                }
            }
        }
        return out;
    }
}
