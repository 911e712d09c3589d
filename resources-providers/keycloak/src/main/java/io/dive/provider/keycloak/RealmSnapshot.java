package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    /**
     * Reads what the needs ask for. The realm comes first (absent: nothing else exists); then every
     * list at once, then the per-link extras at once: the critical path is three round trips plus
     * user pages, however many links a hub has.
     */
    static RealmSnapshot load(KeycloakApi api, String name, Needs needs) {
        RealmSnapshot s = new RealmSnapshot(name);
        String base = "/admin/realms/" + KeycloakApi.enc(name);
        s.realm = api.get(base);
        if (s.realm == null) {
            return s;
        }
        CompletableFuture<JsonNode> profile = needs.profile ? api.getAsync(base + "/users/profile") : done(null);
        CompletableFuture<JsonNode> clients = needs.clients || !needs.secretsOf.isEmpty() ? api.getAsync(base + "/clients") : done(null);
        CompletableFuture<JsonNode> idps = needs.idps || !needs.idpMappersOf.isEmpty()
                ? api.getAsync(base + "/identity-provider/instances") : done(null);
        CompletableFuture<List<JsonNode>> users = needs.onlyUser != null
                ? api.getAsync(base + "/users?briefRepresentation=false&exact=true&username=" + KeycloakApi.enc(needs.onlyUser)).thenApply(List::of)
                : needs.users ? userPages(api, base, 0) : done(List.of());
        s.profile = join(profile);
        for (JsonNode c : orEmpty(join(clients))) {
            s.clients.put(c.path("clientId").asText(), c);
        }
        for (JsonNode i : orEmpty(join(idps))) {
            s.idps.put(i.path("alias").asText(), i);
        }
        Map<String, CompletableFuture<JsonNode>> secrets = new HashMap<>();
        for (String clientId : needs.secretsOf) {
            JsonNode c = s.clients.get(clientId);
            String inline = c == null ? "" : c.path("secret").asText("");
            if (c != null && (inline.isEmpty() || inline.startsWith("**"))) {
                secrets.put(clientId, api.getAsync(base + "/clients/" + c.path("id").asText() + "/client-secret"));
            } else if (c != null) {
                s.clientSecrets.put(clientId, inline);
            }
        }
        Map<String, CompletableFuture<JsonNode>> mappers = new HashMap<>();
        for (String alias : needs.idpMappersOf) {
            if (s.idps.containsKey(alias)) {
                mappers.put(alias, api.getAsync(base + "/identity-provider/instances/" + KeycloakApi.enc(alias) + "/mappers"));
            }
        }
        secrets.forEach((id, f) -> {
            JsonNode cred = join(f);
            s.clientSecrets.put(id, cred == null ? "" : cred.path("value").asText(""));
        });
        mappers.forEach((alias, f) -> s.idpMappers.put(alias, join(f)));
        for (JsonNode page : join(users)) {
            for (JsonNode u : page) {
                s.users.put(u.path("username").asText(), u);
            }
        }
        return s;
    }

    /** Pages of full user representations, fetched one after another until a short page. */
    private static CompletableFuture<List<JsonNode>> userPages(KeycloakApi api, String base, int first) {
        return api.getAsync(base + "/users?briefRepresentation=false&first=" + first + "&max=" + PAGE).thenCompose(page -> {
            if (page == null || page.size() < PAGE) {
                return done(page == null ? List.of() : List.of(page));
            }
            return userPages(api, base, first + PAGE).thenApply(rest -> {
                List<JsonNode> all = new ArrayList<>(List.of(page));
                all.addAll(rest);
                return all;
            });
        });
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static Iterable<JsonNode> orEmpty(JsonNode n) {
        return n == null ? List.of() : n;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
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
