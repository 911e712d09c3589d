package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.provider.keycloak.verify.FederationVerifier;
import io.dive.provider.keycloak.verify.LinkToVerify;
import io.dive.provider.keycloak.verify.VerifyTargets;
import io.dive.spi.Address;
import io.dive.spi.ObserveRequest;
import io.dive.spi.Provider;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Keycloak: realms (with their user profile), clients, client scopes, users and federation links, on
 * one server or many. The manifest's {@code keycloak:} block is the default server ({@code url},
 * {@code admin.username}, {@code admin.password}, optional {@code admin.realm}, {@code admin.client_id},
 * {@code parallelism}); each {@code servers:} entry of provider keycloak is another (the same keys,
 * plus {@code public_url} and {@code internal_url}: {@link KeycloakServer}). A resource acts on the
 * server the engine binds it to; a link's two sides act on their realms' servers.
 */
public final class KeycloakProvider implements Provider, io.dive.spi.Verifier, io.dive.spi.HealthProbe, io.dive.spi.TerraformTypes {

    private KeycloakServer defaultServer;
    private final Map<String, KeycloakServer> servers = new LinkedHashMap<>();
    private java.util.function.Function<Address, String> serverOf = a -> null;
    private ExecutorService pool;
    private boolean stats;
    private String topology;
    private io.dive.spi.Log log = io.dive.spi.Log.NONE;
    private final LinkKind links = new LinkKind(this);
    private final AdminPasswordKind adminPasswords = new AdminPasswordKind(this);
    /** Every kind this provider offers; a new kind is one more entry here, and nothing else of the provider changes. */
    private final List<ResourceKind> kinds = List.of(new RealmKind(this), new ClientKind(this), new UserKind(this), links, new ClientScopeKind(this),
            new RoleKind(this), new ClientRoleKind(this), new GroupKind(this), new RequiredActionKind(this), new AuthFlowKind(this),
            new ProtocolMapperKind(this), new GroupMembershipKind(this), new RoleMembershipKind(this), new IdentityProviderKind(this),
            new IdpMapperKind(this), adminPasswords);
    /** The kinds read from realm snapshots, by type (built from {@link #kinds}). */
    private final Map<String, KeycloakKind> byType = snapshotKinds(kinds);

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public List<ResourceKind> kinds() {
        return kinds;
    }

    private static Map<String, KeycloakKind> snapshotKinds(List<ResourceKind> kinds) {
        Map<String, KeycloakKind> m = new HashMap<>();
        kinds.forEach(k -> {
            if (k instanceof KeycloakKind kk) {
                m.put(k.type(), kk);
            }
        });
        return Map.copyOf(m);
    }

    @Override
    public void configure(ProviderContext context) {
        JsonNode c = context.config();
        if (c != null && c.hasNonNull("url")) {
            defaultServer = KeycloakServer.of(null, c, context.baseDir(), context.files());
        }
        context.servers().forEach((name, settings) -> servers.put(name, KeycloakServer.of(name, settings, context.baseDir(), context.files())));
        if (defaultServer != null) {
            defaultServer.warning().ifPresent(context.log()::warn);
        }
        servers.values().forEach(s -> s.warning().ifPresent(context.log()::warn));
        // Every server's admin login starts now, in the background, while the engine prepares what to
        // read (as the default server's always did). One that is not up yet fails its login quietly and
        // logs in again when it is first used.
        if (defaultServer != null) {
            defaultServer.api();
        }
        servers.values().forEach(KeycloakServer::api);
        serverOf = context.serverOf();
        stats = context.env().apply("DIVE_KEYCLOAK_STATS") != null;
        topology = context.topology();
        log = context.log();
        int parallelism = c.path("parallelism").asInt(8);
        pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "dive-keycloak");
            t.setDaemon(true);
            return t;
        });
    }

    /** The topology's name: what dive writes on the parts it makes, to know them from adopted ones. */
    String topology() {
        return topology;
    }

    /** A server by its name in servers:, or the keycloak: block's for null. */
    KeycloakServer server(String name) {
        if (name == null) {
            if (defaultServer == null) {
                throw new ProviderException("keycloak: a Keycloak resource is bound to no server: declare a keycloak: block (url, admin),"
                        + " or servers: with provider: keycloak in its instance's template");
            }
            return defaultServer;
        }
        KeycloakServer s = servers.get(name);
        if (s == null) {
            throw new ProviderException("keycloak: no server \"" + name + "\" is declared in servers:");
        }
        return s;
    }

    /** Whether the server is declared (null: whether there is a keycloak: block). */
    boolean declares(String name) {
        return name == null ? defaultServer != null : servers.containsKey(name);
    }

    /** The admin client of a server (null: the default one). */
    KeycloakApi api(String server) {
        return server(server).api();
    }

    /** The server a resource of the topology is bound to (null: the default, or not in the topology). */
    String serverOf(Address a) {
        return serverOf.apply(a);
    }

    /** For tests and benchmarks: the default server's HTTP client with its request counts. */
    public KeycloakApi apiForTests() {
        return api(null);
    }

    /** For tests: a named server's HTTP client. */
    public KeycloakApi apiForTests(String server) {
        return api(server);
    }

    @Override
    public void validateServer(String name, JsonNode settings) {
        KeycloakServer.validate(settings);
    }

    /**
     * A link whose sides live on two servers sends browsers from one to the other: each server must
     * say where a browser finds it ({@code public_url}); its admin URL (a published port) is dive's.
     */
    @Override
    public List<Problem> checkBindings(Bindings bindings) {
        List<Problem> out = new ArrayList<>(FlowChecks.check(bindings));
        bindings.resources().forEach((a, attrs) -> {
            if (a.type().equals(AdminPasswordKind.TYPE)) {
                String server = bindings.serverOf(a);
                JsonNode settings = server == null ? null : bindings.settingsOf(server);
                if (settings == null) {
                    out.add(new Problem(a, "", "an admin password lives on a server of servers: (its instance's, or one named with server:)"));
                } else if (!attrs.path("password").asText().equals(settings.path("admin").path("password").asText())) {
                    out.add(new Problem(a, "/password", "must be servers." + server + ".admin.password, the same reference: the password dive logs in"
                            + " with is the one this resource sets"));
                }
                return;
            }
            if (a.type().equals(IdpMapperKind.TYPE)) {
                linkOwning(bindings, a.parentName(), IdpMapperKind.alias(a)).ifPresent(link -> out.add(new Problem(a, "", "identity provider "
                        + IdpMapperKind.alias(a) + " in realm " + a.parentName() + " is " + link + "'s, which keeps its mappers (its claims);"
                        + " an idp_mapper is for an identity provider declared as " + IdentityProviderKind.TYPE)));
                return;
            }
            if (!a.type().equals("link")) {
                return;
            }
            String hub = LinkKind.sideServer(attrs, "hub", bindings::serverOf, bindings.serverOf(a));
            String spoke = LinkKind.sideServer(attrs, "spoke", bindings::serverOf, bindings.serverOf(a));
            if (java.util.Objects.equals(hub, spoke)) {
                return;
            }
            for (String[] side : new String[][] {{"hub", hub}, {"spoke", spoke}}) {
                JsonNode settings = side[1] == null ? null : bindings.settingsOf(side[1]);
                if (settings == null || !settings.hasNonNull("public_url")) {
                    out.add(new Problem(a, "/" + side[0], "the link joins servers " + name(hub) + " and " + name(spoke) + ", so each needs a public_url"
                            + " (the address a browser uses): " + (side[1] == null ? "the keycloak: block cannot give one; declare the server in servers:"
                            : "servers." + side[1] + " gives none")));
                }
            }
        });
        return out;
    }

    /** The link whose side is this IdP, if one is. */
    private java.util.Optional<Address> linkOwning(Bindings bindings, String realm, String alias) {
        return bindings.resources().entrySet().stream().filter(e -> e.getKey().type().equals("link"))
                .filter(e -> links.identities(e.getKey(), e.getValue()).contains("keycloak identity provider " + realm + "/" + alias))
                .map(Map.Entry::getKey).findFirst();
    }

    private static String name(String server) {
        return server == null ? "keycloak:" : server;
    }

    /** Waits until the server gives an admin token; the message names the server and its last answer. */
    @Override
    public void awaitServer(String name, java.time.Duration timeout) {
        KeycloakServer s = server(name);
        String last = io.dive.spi.Retry.until(timeout, io.dive.spi.Retry.Backoff.POLL, () -> {
            KeycloakApi probe = KeycloakApi.fromConfig(s.settings(), s.ssl());
            try {
                probe.awaitLogin();
                return null;
            } finally {
                probe.close();
            }
        }, null);
        if (last != null) {
            throw new ProviderException(s.label() + " did not answer with an admin token within " + timeout.toSeconds() + " s; last answer: " + last);
        }
    }

    @Override
    public Map<Address, JsonNode> observe(ObserveRequest request) {
        return observe(request.resources(), false, request.gone());
    }

    /** Reads many resources: first says what each realm must provide, then reads realms (of every server) in parallel. */
    Map<Address, JsonNode> observe(List<ResourceRef> all, boolean single, java.util.Set<String> gone) {
        // An admin password is a question to the server's login, not to a realm snapshot.
        Map<Address, Future<JsonNode>> admins = new HashMap<>();
        List<ResourceRef> refs = new ArrayList<>();
        for (ResourceRef ref : all) {
            if (ref.address().type().equals(AdminPasswordKind.TYPE)) {
                admins.put(ref.address(), pool.submit(() -> adminPasswords.read(ref)));
            } else {
                refs.add(ref);
            }
        }
        RealmReads reads = new RealmReads(gone);
        for (ResourceRef ref : refs) {
            reads.declaring = ref.address();
            kindOf(ref.address()).declareNeeds(ref, reads, single);
        }
        reads.declaring = null;
        Map<RealmReads.Key, Future<RealmSnapshot>> loading = new HashMap<>();
        reads.needs.forEach((key, n) -> loading.put(key, pool.submit(() -> RealmSnapshot.load(api(key.server()), key.realm(), n))));
        Map<Address, String> unknown = new HashMap<>();
        for (var e : loading.entrySet()) {
            try {
                reads.found.put(e.getKey(), e.getValue().get());
            } catch (ExecutionException ex) {
                String server = e.getKey().server();
                if (server != null && ex.getCause() instanceof ProviderException pe) {
                    // Several servers: the message says which one did not answer, and only what needs that realm is
                    // unknown (a link's side there), not everything this observation was for.
                    String why = "keycloak server " + server + ": " + pe.getMessage();
                    reads.neededBy.getOrDefault(e.getKey(), java.util.Set.of()).forEach(a -> unknown.putIfAbsent(a, why));
                    continue;
                }
                if (ex.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new ProviderException("reading realm " + e.getKey().realm() + ": " + ex.getCause());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while reading realm " + e.getKey());
            }
        }
        Map<Address, JsonNode> out = new HashMap<>();
        admins.forEach((a, f) -> {
            try {
                JsonNode o = f.get();
                if (o != null) {
                    out.put(a, o);
                }
            } catch (ExecutionException ex) {
                throw ex.getCause() instanceof RuntimeException re ? re : new ProviderException(a + ": " + ex.getCause());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while reading " + a);
            }
        });
        for (ResourceRef ref : refs) {
            if (unknown.containsKey(ref.address())) {
                continue;
            }
            JsonNode o = kindOf(ref.address()).fromSnapshots(ref, reads);
            if (o != null) {
                out.put(ref.address(), o);
            }
        }
        if (!unknown.isEmpty()) {
            throw new io.dive.spi.PartialObservationException(out, unknown);
        }
        return out;
    }

    JsonNode readOne(ResourceRef ref) {
        return observe(new ArrayList<>(List.of(ref)), true, java.util.Set.of()).get(ref.address());
    }

    private KeycloakKind kindOf(Address a) {
        KeycloakKind k = byType.get(a.type());
        if (k == null) {
            throw new IllegalArgumentException("not a Keycloak type read from realms: " + a.type());
        }
        return k;
    }

    /** Every link, both ways, on this provider's own admin connections (no second login), each side on its realm's server. */
    @Override
    public List<io.dive.spi.HealthProbe.Finding> health(io.dive.spi.HealthProbe.Request request) {
        return new KeycloakHealth(this, java.time.Clock.systemUTC()).health(request);
    }

    @Override
    public boolean handles(String terraformType) {
        return TerraformMapping.handles(terraformType);
    }

    @Override
    public Mapping map(String terraformType, JsonNode attributes, java.util.function.BiFunction<String, String, JsonNode> byId) {
        return TerraformMapping.map(terraformType, attributes, byId);
    }

    /** Only links are verified (both ways, down to a brokered login). */
    @Override
    public boolean verifies(Address address) {
        return "link".equals(address.type());
    }

    @Override
    public List<Check> verify(io.dive.spi.Verifier.Request request) {
        FederationVerifier verifier = new FederationVerifier(request.waiting(), request.patience().toMillis());
        List<Check> out = new ArrayList<>();
        for (LinkToVerify link : VerifyTargets.from(request.resources(), (a, side) -> {
            KeycloakServer s = server(LinkKind.sideServer(request.resources().get(a), side, this::serverOf, serverOf(a)));
            return new LinkToVerify.Server(s.publicUrl(), s.api(), s.cas());
        })) {
            out.addAll(verifier.verify(link));
        }
        return out;
    }

    @Override
    public void close() {
        List<KeycloakServer> all = new ArrayList<>(servers.values());
        if (defaultServer != null) {
            all.add(0, defaultServer);
        }
        for (KeycloakServer s : all) {
            KeycloakApi api = s.holder().made();
            // For measurements (docs/PERFORMANCE.md): how many requests this run sent.
            if (api != null && stats) {
                log.line("keycloak requests" + (s.name() == null ? "" : " to " + s.name()) + ": " + api.reads() + " reads, " + api.writes()
                        + " writes (token requests excluded)");
            }
            if (api != null) {
                api.close();
            }
            s.holder().retired().forEach(KeycloakApi::close);
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
