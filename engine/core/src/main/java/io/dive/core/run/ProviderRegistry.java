package io.dive.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.DiveException;
import io.dive.spi.Provider;
import io.dive.spi.ResourceKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The providers on the class path (java.util.ServiceLoader) and which one owns each type. A provider
 * is configured only when a run first needs it, so {@code dive validate} contacts nothing.
 */
public final class ProviderRegistry implements AutoCloseable {

    private final Map<String, Provider> byName = new LinkedHashMap<>();
    private final Map<String, Provider> byType = new LinkedHashMap<>();
    private final Map<String, ResourceKind> kinds = new LinkedHashMap<>();
    private final Map<String, Boolean> configured = new java.util.concurrent.ConcurrentHashMap<>();

    public ProviderRegistry(List<Provider> providers) {
        for (Provider p : providers) {
            byName.put(p.name(), p);
            for (ResourceKind k : p.kinds()) {
                Provider clash = byType.putIfAbsent(k.type(), p);
                if (clash != null) {
                    throw new IllegalStateException("resource type " + k.type() + " is claimed by providers "
                            + clash.name() + " and " + p.name());
                }
                for (String pointer : k.sensitive()) {
                    if (!pointer.startsWith("/")) {
                        throw new IllegalStateException("provider " + p.name() + ", kind " + k.type() + ": sensitive path \"" + pointer
                                + "\" is not a JSON Pointer (RFC 6901, e.g. /secret)");
                    }
                }
                kinds.put(k.type(), k);
            }
        }
    }

    public static ProviderRegistry discover() {
        List<Provider> list = new ArrayList<>();
        ServiceLoader.load(Provider.class).forEach(list::add);
        return new ProviderRegistry(list);
    }

    /** The installed provider of that name, or null. */
    public Provider named(String name) {
        return byName.get(name);
    }

    /** The installed providers' names, sorted. */
    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    public Set<String> types() {
        return new TreeSet<>(byType.keySet());
    }

    public ResourceKind kind(String type) {
        ResourceKind k = kinds.get(type);
        if (k == null) {
            throw new DiveException("no installed provider handles resource type \"" + type + "\" (known: " + types() + ")");
        }
        return k;
    }

    public Provider providerOf(String type) {
        kind(type);
        return byType.get(type);
    }

    /** The provider for a type, configured from the run's topology on first use. */
    public synchronized Provider ready(String type, RunContext run) {
        Provider p = providerOf(type);
        if (configured.putIfAbsent(p.name(), Boolean.TRUE) == null) {
            JsonNode config = run.topology().providerConfigs().get(p.name());
            try {
                Map<String, JsonNode> servers = new LinkedHashMap<>();
                for (io.dive.core.model.Server s : run.bindings().byProvider().getOrDefault(p.name(), List.of())) {
                    servers.put(s.name(), run.resolveConfig(s.settings()));
                }
                p.configure(new Provider.ProviderContext(config == null ? null : run.resolveConfig(config), run.topology().baseDir(),
                        run.secrets(), run.topology().name(), run.env(), run.log(), servers, run.bindings()::serverOf));
            } catch (DiveException e) {
                configured.remove(p.name());
                throw new DiveException("provider " + p.name() + " configuration: " + e.getMessage());
            } catch (RuntimeException e) {
                configured.remove(p.name());
                throw e;
            }
        }
        return p;
    }

    @Override
    public void close() {
        for (Provider p : byName.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                // closing is best effort
            }
        }
    }
}
