package io.dive.core.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.engine.Session;
import io.dive.core.model.DesiredResource;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the providers see live, for {@code dive status}: each provider's {@link io.dive.spi.HealthProbe}, in parallel. */
public final class HealthProbes {

    private HealthProbes() {
    }

    /**
     * The live findings of every provider of this topology that offers them ({@link io.dive.spi.HealthProbe}),
     * providers in parallel; a provider whose probe fails outright gives one failing finding saying so.
     */
    public static List<io.dive.spi.HealthProbe.Finding> of(Session session) {
        Map<Provider, Map<Address, JsonNode>> byProvider = new LinkedHashMap<>();
        for (DesiredResource r : session.context().topology().resources()) {
            if (session.context().providers().providerOf(r.address().type()) instanceof io.dive.spi.HealthProbe) {
                byProvider.computeIfAbsent(session.context().provider(r.address().type()), k -> new LinkedHashMap<>()).put(r.address(), r.attributes());
            }
        }
        Map<Provider, java.util.concurrent.Future<List<io.dive.spi.HealthProbe.Finding>>> running = new LinkedHashMap<>();
        byProvider.forEach((p, resources) -> running.put(p, session.context().executor().submit(
                () -> ((io.dive.spi.HealthProbe) p).health(new io.dive.spi.HealthProbe.Request(resources)))));
        List<io.dive.spi.HealthProbe.Finding> out = new ArrayList<>();
        running.forEach((p, f) -> {
            try {
                // A finding about a provider's default server is named after the provider ("server keycloak").
                f.get().forEach(x -> out.add(new io.dive.spi.HealthProbe.Finding(x.subject(),
                        x.subject() == null && x.server() == null ? p.name() : x.server(), x.name(), x.level(), session.scrub(x.detail()), x.fix())));
            } catch (java.util.concurrent.ExecutionException e) {
                out.add(io.dive.spi.HealthProbe.Finding.ofServer(p.name(), "probe", io.dive.spi.HealthProbe.Level.FAIL,
                        "provider " + p.name() + ": " + session.scrub(String.valueOf(e.getCause().getMessage())), null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DiveException("interrupted while probing health");
            }
        });
        return out;
    }
}
