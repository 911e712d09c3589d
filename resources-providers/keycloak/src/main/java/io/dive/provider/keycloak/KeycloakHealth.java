package io.dive.provider.keycloak;

import io.dive.spi.CertificateExpiry;
import io.dive.spi.HealthProbe;
import io.dive.spi.HealthProbe.Finding;
import io.dive.spi.HealthProbe.Level;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code dive status} for Keycloak: each server the topology's resources live on (a link's two sides
 * included), in parallel: whether its admin API answers (one read of the admin realm, on the run's own
 * admin client, so the plan's login is shared), and the days left on the certificate of each HTTPS URL
 * it is reached by. Whether each realm is there is the plan's check.
 */
final class KeycloakHealth {

    private final KeycloakProvider provider;
    private final Clock clock;

    KeycloakHealth(KeycloakProvider provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    List<Finding> health(HealthProbe.Request request) {
        Set<String> used = new LinkedHashSet<>();
        request.resources().forEach((a, attrs) -> {
            used.add(provider.serverOf(a));
            if ("link".equals(a.type())) {
                used.add(LinkKind.sideServer(attrs, "hub", provider::serverOf, provider.serverOf(a)));
                used.add(LinkKind.sideServer(attrs, "spoke", provider::serverOf, provider.serverOf(a)));
            }
        });
        List<String> declared = used.stream().filter(provider::declares).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, Math.min(8, declared.size())),
                io.dive.spi.DaemonThreads.named("dive-keycloak-health"));
        try {
            List<CompletableFuture<List<Finding>>> probes = new ArrayList<>();
            declared.forEach(name -> probes.add(CompletableFuture.supplyAsync(() -> probe(provider.server(name)), pool)));
            List<Finding> out = new ArrayList<>();
            probes.forEach(p -> out.addAll(p.join()));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Finding> probe(KeycloakServer s) {
        List<Finding> out = new ArrayList<>();
        long started = System.nanoTime();
        try {
            KeycloakApi api = s.api();
            api.realm(api.adminRealm());
            out.add(Finding.ofServer(s.name(), "reachable", Level.OK, s.adminUrl() + " answered in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms", null));
        } catch (RuntimeException e) {
            out.add(Finding.ofServer(s.name(), "reachable", Level.FAIL, s.adminUrl() + ": " + e.getMessage(), null));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String url : new String[] {s.adminUrl(), s.publicUrl()}) {
            URI u = url == null ? null : URI.create(url);
            if (u != null && seen.add(u.getHost() + ":" + u.getPort())) {
                Finding cert = CertificateExpiry.check(s.name(), u, clock);
                if (cert != null) {
                    out.add(cert);
                }
            }
        }
        return out;
    }
}
