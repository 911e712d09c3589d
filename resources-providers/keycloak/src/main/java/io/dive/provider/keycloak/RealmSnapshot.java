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
        s.realm = api.realm(name);
        if (s.realm == null) {
            return s;
        }
        CompletableFuture<JsonNode> profile = needs.profile ? api.async(() -> api.userProfile(name)) : done(null);
        CompletableFuture<JsonNode> clients = needs.clients || !needs.secretsOf.isEmpty() ? api.async(() -> api.clients(name)) : done(null);
        CompletableFuture<JsonNode> idps = needs.idps || !needs.idpMappersOf.isEmpty()
                ? api.async(() -> api.identityProviders(name)) : done(null);
        CompletableFuture<List<JsonNode>> users = needs.onlyUser != null
                ? api.async(() -> api.usersNamed(name, needs.onlyUser)).thenApply(List::of)
                : needs.users ? userPages(api, name, 0) : done(List.of());
        s.profile = join(profile);
        for (JsonNode c : orEmpty(join(clients))) {
            s.clients.put(c.path("clientId").asText(), c);
        }
        for (JsonNode i : orEmpty(join(idps))) {
            s.idps.put(i.path("alias").asText(), i);
        }
        Map<String, CompletableFuture<String>> secrets = new HashMap<>();
        for (String clientId : needs.secretsOf) {
            JsonNode c = s.clients.get(clientId);
            String inline = c == null ? "" : c.path("secret").asText("");
            if (c != null && (inline.isEmpty() || inline.startsWith("**"))) {
                String id = c.path("id").asText();
                secrets.put(clientId, api.async(() -> api.clientSecret(name, id)));
            } else if (c != null) {
                s.clientSecrets.put(clientId, inline);
            }
        }
        Map<String, CompletableFuture<JsonNode>> mappers = new HashMap<>();
        for (String alias : needs.idpMappersOf) {
            if (s.idps.containsKey(alias)) {
                mappers.put(alias, api.async(() -> api.identityProviderMappers(name, alias)));
            }
        }
        secrets.forEach((id, f) -> s.clientSecrets.put(id, join(f)));
        mappers.forEach((alias, f) -> s.idpMappers.put(alias, join(f)));
        for (JsonNode page : join(users)) {
            for (JsonNode u : page) {
                s.users.put(u.path("username").asText(), u);
            }
        }
        return s;
    }

    /** Pages of full user representations, fetched one after another until a short page. */
    private static CompletableFuture<List<JsonNode>> userPages(KeycloakApi api, String realm, int first) {
        return api.async(() -> api.users(realm, first, PAGE)).thenCompose(page -> {
            if (page == null || page.size() < PAGE) {
                return done(page == null ? List.of() : List.of(page));
            }
            return userPages(api, realm, first + PAGE).thenApply(rest -> {
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
