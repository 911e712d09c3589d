package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.Address;
import io.dive.spi.ObserveRequest;
import io.dive.spi.Provider;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import io.dive.provider.keycloak.verify.FederationVerifier;
import io.dive.provider.keycloak.verify.LinkToVerify;
import io.dive.provider.keycloak.verify.VerifyTargets;
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
 * Keycloak: realms (with their user profile), clients, client scopes, users and federation links. Configured by the
 * manifest's {@code keycloak:} block ({@code url}, {@code admin.username}, {@code admin.password},
 * optional {@code admin.realm}, {@code admin.client_id}, {@code parallelism}).
 */
public final class KeycloakProvider implements Provider, io.dive.spi.Verifier {

    private KeycloakApi api;
    private ExecutorService pool;
    private boolean stats;
    private String topology;
    private String url;
    private io.dive.spi.Log log = io.dive.spi.Log.NONE;
    private final RealmKind realms = new RealmKind(this);
    private final ClientKind clients = new ClientKind(this);
    private final UserKind users = new UserKind(this);
    private final LinkKind links = new LinkKind(this);
    private final ClientScopeKind clientScopes = new ClientScopeKind(this);

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public List<ResourceKind> kinds() {
        return List.of(realms, clients, users, links, clientScopes);
    }

    @Override
    public void configure(ProviderContext context) {
        JsonNode c = context.config();
        if (c == null || c.isNull() || !c.hasNonNull("url")) {
            throw new ProviderException("keycloak: the topology has Keycloak resources but no keycloak: block (url, admin)");
        }
        api = KeycloakApi.fromConfig(c);
        url = c.get("url").asText();
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

    KeycloakApi api() {
        if (api == null) {
            throw new IllegalStateException("keycloak provider used before configure");
        }
        return api;
    }

    /** For tests and benchmarks: the HTTP client with its request counts. */
    public KeycloakApi apiForTests() {
        return api();
    }

    @Override
    public Map<Address, JsonNode> observe(ObserveRequest request) {
        return observe(request.resources(), false);
    }

    /** Reads many resources: first says what each realm must provide, then reads realms in parallel. */
    Map<Address, JsonNode> observe(List<ResourceRef> refs, boolean single) {
        Map<String, RealmSnapshot.Needs> needs = new LinkedHashMap<>();
        for (ResourceRef ref : refs) {
            kindOf(ref.address()).declareNeeds(ref, needs, single);
        }
        Map<String, Future<RealmSnapshot>> loading = new HashMap<>();
        needs.forEach((realm, n) -> loading.put(realm, pool.submit(() -> RealmSnapshot.load(api(), realm, n))));
        Map<String, RealmSnapshot> snapshots = new HashMap<>();
        for (var e : loading.entrySet()) {
            try {
                snapshots.put(e.getKey(), e.getValue().get());
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new ProviderException("reading realm " + e.getKey() + ": " + ex.getCause());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while reading realm " + e.getKey());
            }
        }
        Map<Address, JsonNode> out = new HashMap<>();
        for (ResourceRef ref : refs) {
            JsonNode o = kindOf(ref.address()).fromSnapshots(ref, snapshots);
            if (o != null) {
                out.put(ref.address(), o);
            }
        }
        return out;
    }

    JsonNode readOne(ResourceRef ref) {
        return observe(new ArrayList<>(List.of(ref)), true).get(ref.address());
    }

    private KeycloakKind kindOf(Address a) {
        return switch (a.type()) {
            case "realm" -> realms;
            case "client" -> clients;
            case "user" -> users;
            case "link" -> links;
            case "client_scope" -> clientScopes;
            default -> throw new IllegalArgumentException("not a Keycloak type: " + a.type());
        };
    }

    /** Every link, both ways, on this provider's own admin connection (no second login). */
    @Override
    public List<Check> verify(Request request) {
        FederationVerifier verifier = new FederationVerifier(api(), request.waiting(), request.patience().toMillis());
        List<Check> out = new ArrayList<>();
        for (LinkToVerify link : VerifyTargets.from(request.resources(), url)) {
            out.addAll(verifier.verify(link));
        }
        return out;
    }

    @Override
    public void close() {
        // For measurements (docs/PERFORMANCE.md): how many requests this run sent.
        if (api != null && stats) {
            log.line("keycloak requests: " + api.reads() + " reads, " + api.writes() + " writes (token requests excluded)");
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        if (api != null) {
            api.close();
        }
    }
}
