package io.dive.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.model.DesiredResource;
import io.dive.core.model.JsonPaths;
import io.dive.core.model.Server;
import io.dive.core.model.Topology;
import io.dive.spi.Address;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.Provider;
import io.dive.spi.ResourceKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which server each resource lives on. A resource names one with {@code server:}; else it takes the
 * server of its provider that its instance's template declares; else its provider's own block (the
 * default server, e.g. the top-level {@code keycloak:}). Checked before anything is contacted, every
 * problem one line at its file:line: a server that is not declared, one of another provider, a
 * {@code runs_on} that names no resource or one that cannot run a server, and what each provider
 * checks of its servers' settings and of the bindings.
 */
public final class ServerBindings {

    private final Map<Address, String> bound;
    private final Map<String, Server> servers;

    private ServerBindings(Map<Address, String> bound, Map<String, Server> servers) {
        this.bound = bound;
        this.servers = servers;
    }

    /** No servers declared: every resource on its provider's default server. */
    public static ServerBindings none() {
        return new ServerBindings(Map.of(), Map.of());
    }

    /** The server a resource of the topology lives on, or null for its provider's default server. */
    public String serverOf(Address a) {
        return bound.get(a);
    }

    public Server server(String name) {
        return name == null ? null : servers.get(name);
    }

    public Map<String, Server> servers() {
        return servers;
    }

    /**
     * Resolves and checks the bindings.
     *
     * @param registry the installed providers (null when unknown, in tests of the graph alone: then
     *                 only explicit {@code server:} names bind, and providers check nothing)
     */
    public static ServerBindings resolve(Topology topology, Function<String, ResourceKind> kinds, ProviderRegistry registry,
                                         List<String> problems) {
        Function<String, Provider> providerOf = registry == null ? null : registry::providerOf;
        Map<String, Server> servers = topology.servers();
        Map<Address, DesiredResource> declared = new LinkedHashMap<>();
        topology.resources().forEach(r -> declared.put(r.address(), r));
        for (Server s : servers.values()) {
            Provider p = registry == null ? null : registry.named(s.provider());
            if (registry != null && p == null) {
                problems.add(s.location() + ": servers." + s.name() + ".provider: no installed provider \"" + s.provider() + "\" (installed: "
                        + String.join(", ", registry.names()) + ")");
                continue;
            }
            if (s.runsOn() != null) {
                DesiredResource host = declared.get(s.runsOn());
                if (host == null) {
                    problems.add(s.runsOnAt() + ": servers." + s.name() + ".runs_on: " + s.runsOn() + " is not declared in this topology");
                } else if (!kinds.apply(s.runsOn().type()).runsServers()) {
                    problems.add(s.runsOnAt() + ": servers." + s.name() + ".runs_on: " + s.runsOn() + " cannot run a server (a "
                            + s.runsOn().type() + "; a container can)");
                }
            }
            if (p != null) {
                try {
                    p.validateServer(s.name(), s.settings());
                } catch (InvalidAttributeException e) {
                    problems.add(s.location() + ": servers." + s.name() + "." + JsonPaths.display(e.pointer()) + ": " + e.getMessage());
                }
            }
        }
        Map<String, Map<String, String>> byInstance = new HashMap<>();
        servers.values().stream().filter(s -> s.instance() != null)
                .forEach(s -> byInstance.computeIfAbsent(s.instance(), k -> new HashMap<>()).putIfAbsent(s.provider(), s.name()));
        Map<Address, String> bound = new HashMap<>();
        Map<Address, String> ofInstance = new HashMap<>();
        for (DesiredResource r : topology.resources()) {
            Provider p = providerOf == null ? null : providerOf.apply(r.address().type());
            if (r.server() != null) {
                Server s = servers.get(r.server());
                if (s == null) {
                    problems.add(r.serverAt() + ": " + r.address() + ".server: no server \"" + r.server() + "\" is declared"
                            + (servers.isEmpty() ? " (servers: declares none)" : " (declared: " + String.join(", ", new TreeSet<>(servers.keySet())) + ")"));
                } else if (p != null && !p.name().equals(s.provider())) {
                    problems.add(r.serverAt() + ": " + r.address() + ".server: " + s.name() + " is a " + s.provider() + " server; a "
                            + r.address().type() + " is managed by " + p.name());
                } else {
                    bound.put(r.address(), s.name());
                }
            } else if (p != null && r.instance() != null) {
                String s = byInstance.getOrDefault(r.instance(), Map.of()).get(p.name());
                // What runs a server does not live on it.
                if (s != null && !r.address().equals(servers.get(s).runsOn())) {
                    ofInstance.put(r.address(), s);
                }
            }
        }
        // A part of another resource (a user of its realm) lives where that one does, wherever it is declared.
        Map<Address, String> resolved = new HashMap<>(bound);
        for (DesiredResource r : topology.resources()) {
            String s = follow(r.address(), declared, kinds, bound, ofInstance, new java.util.HashSet<>());
            if (s != null) {
                resolved.put(r.address(), s);
            }
        }
        // A part that names a server of its own must name the one it lives on (a user is where its realm is).
        for (DesiredResource r : topology.resources()) {
            Address with = r.server() == null || !bound.containsKey(r.address()) ? null : kinds.apply(r.address().type()).livesWith(r.address(), r.attributes());
            if (with != null && declared.containsKey(with) && !java.util.Objects.equals(resolved.get(with), r.server())) {
                String there = resolved.get(with);
                problems.add(r.serverAt() + ": " + r.address() + ".server: " + r.address().type() + " " + r.address().name() + " lives with " + with
                        + ", which is on " + (there == null ? "its provider's default server" : "server " + there) + ", not on " + r.server()
                        + ": name " + (there == null ? "no server" : there) + " here, or move " + with + " too");
            }
        }
        bound = resolved;
        ServerBindings bindings = new ServerBindings(bound, servers);
        if (providerOf != null && problems.isEmpty()) {
            bindings.providerChecks(registry, providerOf, declared, problems);
        }
        return bindings;
    }

    /** The server of a resource: its own {@code server:}, else the one of what it lives with, else its instance's. */
    private static String follow(Address a, Map<Address, DesiredResource> declared, Function<String, ResourceKind> kinds,
                                 Map<Address, String> explicit, Map<Address, String> ofInstance, java.util.Set<Address> seen) {
        if (explicit.containsKey(a)) {
            return explicit.get(a);
        }
        DesiredResource r = declared.get(a);
        if (r != null && seen.add(a)) {
            Address with = kinds.apply(a.type()).livesWith(a, r.attributes());
            if (with != null && declared.containsKey(with)) {
                return follow(with, declared, kinds, explicit, ofInstance, seen);
            }
        }
        return ofInstance.get(a);
    }

    /** What each provider checks of the whole topology's bindings (a link across servers). */
    private void providerChecks(ProviderRegistry registry, Function<String, Provider> providerOf, Map<Address, DesiredResource> declared,
                                List<String> problems) {
        for (String name : registry.names()) {
            Provider p = registry.named(name);
            Map<Address, JsonNode> mine = new LinkedHashMap<>();
            declared.values().stream().filter(r -> providerOf.apply(r.address().type()) == p).forEach(r -> mine.put(r.address(), r.attributes()));
            if (mine.isEmpty()) {
                continue;
            }
            for (Provider.Problem problem : p.checkBindings(new Provider.Bindings() {
                @Override
                public String serverOf(Address address) {
                    return ServerBindings.this.serverOf(address);
                }

                @Override
                public JsonNode settingsOf(String server) {
                    Server s = servers.get(server);
                    return s == null || !s.provider().equals(p.name()) ? null : s.settings();
                }

                @Override
                public Map<Address, JsonNode> resources() {
                    return mine;
                }
            })) {
                problems.add(place(declared, problem.address(), problem.pointer()) + ": " + problem.message()
                        + (problem.other() == null ? "" : " (the other: " + place(declared, problem.other(), problem.otherPointer()) + ")"));
            }
        }
    }

    /** {@code FILE:LINE:COL: ADDRESS.FIELD}: where a resource's field is written. */
    private static String place(Map<Address, DesiredResource> declared, Address address, String pointer) {
        DesiredResource r = declared.get(address);
        String field = pointer == null || pointer.isEmpty() ? "" : "." + JsonPaths.display(pointer);
        return (r == null ? "" : r.locate(pointer == null ? "" : pointer) + ": ") + address + field;
    }

    /** Servers by provider, for configuring each provider with its own. */
    public Map<String, List<Server>> byProvider() {
        Map<String, List<Server>> out = new LinkedHashMap<>();
        servers.values().forEach(s -> out.computeIfAbsent(s.provider(), k -> new ArrayList<>()).add(s));
        return out;
    }
}
