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
        /**
         * Reading one resource (the check after an apply): only what it needs, by name where
         * Keycloak allows it (a client by clientId, an IdP by alias), and without the realm's own
         * representation unless the resource is the realm; a 404 then means the realm is gone.
         */
        boolean single;
        /** The realm's own representation. */
        boolean realm;
        boolean profile;
        boolean clients;
        boolean idps;
        boolean users;
        /** A single user to read (the post-apply check) instead of paging all of them. */
        String onlyUser;
        /** In a single read: clients by clientId and IdPs by alias, instead of every one of the realm's. */
        final Set<String> onlyClients = new TreeSet<>();
        final Set<String> onlyIdps = new TreeSet<>();
        boolean clientScopes;
        boolean roles;
        boolean groups;
        boolean requiredActions;
        /** Which client scopes new clients get (the realm's default and optional lists). */
        boolean scopeDefaults;
        final Set<String> idpMappersOf = new TreeSet<>();
        final Set<String> secretsOf = new TreeSet<>();
        /** Top-level authentication flows (by alias) whose executions to read: the realm's flows, then one request each. */
        final Set<String> flowsOf = new TreeSet<>();
        /** Groups (by path) whose direct members to read: one request per page of each, after the group tree. */
        final Set<String> groupMembersOf = new TreeSet<>();
        /** Roles ({@code ROLE} or {@code CLIENT_ID/ROLE}) whose holders to read, and which: "users", "groups". */
        final Map<String, Set<String>> roleHoldersOf = new java.util.TreeMap<>();
        /** Clients (by clientId) whose roles to read: one request each, after the clients. */
        final Set<String> clientRolesOf = new TreeSet<>();
    }

    final String name;
    JsonNode realm;
    /** Known to be absent: its representation or one of its lists answered 404. */
    boolean absent;
    JsonNode profile;
    final Map<String, JsonNode> clients = new HashMap<>();
    final Map<String, JsonNode> idps = new HashMap<>();
    final Map<String, JsonNode> idpMappers = new HashMap<>();
    final Map<String, JsonNode> users = new HashMap<>();
    final Map<String, String> clientSecrets = new HashMap<>();
    final Map<String, JsonNode> clientScopes = new HashMap<>();
    /** The realm's groups, at every depth, by path ({@code /analysts/fra}). */
    final Map<String, JsonNode> groups = new HashMap<>();
    /** The realm's registered required actions by alias. */
    final Map<String, JsonNode> requiredActions = new HashMap<>();
    /** Client roles by {@code CLIENT_ID/ROLE}. */
    final Map<String, JsonNode> clientRoles = new HashMap<>();
    /** The realm's top-level authentication flows by alias. */
    final Map<String, JsonNode> authFlows = new HashMap<>();
    /** The executions of the flows read ({@link Needs#flowsOf}), as trees ({@link FlowTree}), by the flow's alias. */
    final Map<String, com.fasterxml.jackson.databind.node.ArrayNode> flowTrees = new HashMap<>();
    /** A group's direct members (brief user representations) by the group's path. */
    final Map<String, com.fasterxml.jackson.databind.node.ArrayNode> groupMembers = new HashMap<>();
    /** A role's direct holders by {@code ROLE|users}, {@code ROLE|groups} (client roles: {@code CLIENT_ID/ROLE|...}). */
    final Map<String, com.fasterxml.jackson.databind.node.ArrayNode> roleHolders = new HashMap<>();
    /** The realm's roles by name. */
    final Map<String, JsonNode> roles = new HashMap<>();
    /** Client scope name to "default" or "optional", for the scopes new clients get. */
    final Map<String, String> scopeDefaults = new HashMap<>();

    private RealmSnapshot(String name) {
        this.name = name;
    }

    boolean exists() {
        return !absent;
    }

    /**
     * Reads what the needs ask for. The realm comes first (absent: nothing else exists); then every
     * list at once, then the per-link extras at once: the critical path is three round trips plus
     * user pages, however many links a hub has.
     */
    static RealmSnapshot load(KeycloakApi api, String name, Needs needs) {
        RealmSnapshot s = new RealmSnapshot(name);
        if (needs.realm || !needs.single) {
            s.realm = api.realm(name);
            if (s.realm == null) {
                s.absent = true;
                return s;
            }
        }
        CompletableFuture<JsonNode> profile = needs.profile ? api.async(() -> api.userProfile(name)) : done(null);
        List<CompletableFuture<JsonNode>> clients = new ArrayList<>();
        if (needs.clients || (!needs.single && !needs.secretsOf.isEmpty())) {
            clients.add(api.async(() -> api.clients(name)));
        } else {
            needs.onlyClients.forEach(id -> clients.add(api.async(() -> api.clientsByClientId(name, id))));
        }
        List<CompletableFuture<JsonNode>> idps = new ArrayList<>();
        if (needs.idps || (!needs.single && !needs.idpMappersOf.isEmpty())) {
            idps.add(api.async(() -> api.identityProviders(name)));
        } else {
            needs.onlyIdps.forEach(alias -> idps.add(api.async(() -> api.identityProvider(name, alias))));
        }
        CompletableFuture<List<JsonNode>> users = needs.onlyUser != null
                ? api.async(() -> api.usersNamed(name, needs.onlyUser)).thenApply(u -> u == null ? List.of() : List.of(u))
                : needs.users ? userPages(api, name, 0) : done(List.of());
        CompletableFuture<JsonNode> scopes = needs.clientScopes ? api.async(() -> api.clientScopes(name)) : done(null);
        CompletableFuture<JsonNode> roles = needs.roles ? api.async(() -> api.realmRoles(name)) : done(null);
        CompletableFuture<JsonNode> actions = needs.requiredActions ? api.async(() -> api.requiredActions(name)) : done(null);
        CompletableFuture<JsonNode> flows = needs.flowsOf.isEmpty() ? done(null) : api.async(() -> api.authFlows(name));
        // Each flow's executions are asked for by alias beside the list (an absent flow answers 404): one round trip less.
        Map<String, CompletableFuture<JsonNode>> flowListings = new HashMap<>();
        needs.flowsOf.forEach(alias -> flowListings.put(alias, api.async(() -> api.flowExecutions(name, alias))));
        CompletableFuture<JsonNode> defaults = needs.scopeDefaults ? api.async(() -> api.realmDefaultScopes(name, "default")) : done(null);
        CompletableFuture<JsonNode> optionals = needs.scopeDefaults ? api.async(() -> api.realmDefaultScopes(name, "optional")) : done(null);
        s.profile = join(profile);
        for (JsonNode c : orEmpty(join(scopes))) {
            s.clientScopes.put(c.path("name").asText(), c);
        }
        if (needs.groups) {
            s.groups.putAll(GroupTree.read(api, name, PAGE));
        }
        for (JsonNode a : orEmpty(join(actions))) {
            s.requiredActions.put(a.path("alias").asText(), a);
        }
        for (JsonNode r : orEmpty(join(roles))) {
            s.roles.put(r.path("name").asText(), r);
        }
        orEmpty(join(defaults)).forEach(c -> s.scopeDefaults.put(c.path("name").asText(), "default"));
        orEmpty(join(optionals)).forEach(c -> s.scopeDefaults.put(c.path("name").asText(), "optional"));
        for (CompletableFuture<JsonNode> f : clients) {
            JsonNode list = join(f);
            s.absent |= list == null; // by clientId, a 404 is the realm's
            for (JsonNode c : orEmpty(list)) {
                s.clients.put(c.path("clientId").asText(), c);
            }
        }
        for (CompletableFuture<JsonNode> f : idps) {
            JsonNode found = join(f);
            for (JsonNode i : found == null ? List.<JsonNode>of() : found.isArray() ? found : List.of(found)) {
                s.idps.put(i.path("alias").asText(), i);
            }
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
        Map<String, CompletableFuture<JsonNode>> clientRoles = new HashMap<>();
        for (String clientId : needs.clientRolesOf) {
            JsonNode c = s.clients.get(clientId);
            if (c != null) {
                String id = c.path("id").asText();
                clientRoles.put(clientId, api.async(() -> api.clientRoles(name, id)));
            }
        }
        for (JsonNode f : orEmpty(join(flows))) {
            s.authFlows.put(f.path("alias").asText(), f);
        }
        readFlowTrees(api, s, flowListings);
        clientRoles.forEach((clientId, f) -> orEmpty(join(f)).forEach(r -> s.clientRoles.put(clientId + "/" + r.path("name").asText(), r)));
        if (!needs.groupMembersOf.isEmpty() || !needs.roleHoldersOf.isEmpty()) {
            MembershipReads.read(api, s, needs);
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

    /** Each wanted flow's executions (one request per flow, already asked), then the settings of its configured authenticators (one each), all at once. */
    private static void readFlowTrees(KeycloakApi api, RealmSnapshot s, Map<String, CompletableFuture<JsonNode>> listings) {
        Map<String, CompletableFuture<JsonNode>> configs = new HashMap<>();
        Map<String, JsonNode> listed = new HashMap<>();
        listings.forEach((alias, f) -> {
            JsonNode listing = join(f);
            if (!s.authFlows.containsKey(alias)) {
                return;
            }
            listed.put(alias, listing);
            for (JsonNode e : orEmpty(listing)) {
                String id = e.path("authenticationConfig").asText("");
                if (!id.isEmpty()) {
                    configs.put(id, api.async(() -> api.authenticatorConfig(s.name, id)));
                }
            }
        });
        listed.forEach((alias, listing) -> s.flowTrees.put(alias, FlowTree.fromListing(listing, alias,
                id -> configs.containsKey(id) ? join(configs.get(id)) : null, new ArrayList<>())));
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
