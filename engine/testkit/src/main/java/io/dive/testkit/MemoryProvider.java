package io.dive.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ObserveRequest;
import io.dive.spi.Provider;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider whose server is a {@link MemoryServer}, for the engine's tests and benchmarks. It behaves
 * like a real one and can be told to misbehave through its manifest block ({@code providers.memory}):
 * <pre>
 * store: mem:NAME | PATH      # where its objects live (default mem:default)
 * latency_ms: 0               # delay of every write
 * slow: {ADDRESS: MILLIS}     # delay of one resource's writes
 * fail: [ADDRESS...]          # writes to these fail with a server error (500: a later try may work)
 * refuse: [ADDRESS...]        # writes to these are refused (400: permanent until the request changes)
 * inconsistent: [ADDRESS...]  # writes to these store something other than asked
 * lose_answer: [ADDRESS...]   # writes to these are done, but the answer is lost (a reset connection)
 * flaky: {ADDRESS: N}         # the first N writes of these fail in passing, not done (a refused connection)
 * conflict: [ADDRESS...]      # a create of these is done, then answered 409 "already exists" (as when an
 *                             # earlier run's create, killed mid-way, was finished by the server late)
 * ready_after_ms: {ADDRESS: MILLIS}  # after a write, the object needs this long to be ready
 * </pre>
 * Types: {@code group}, and {@code item} (named {@code GROUP/ITEM}, needs its group; a group that
 * still holds items cannot be deleted, as a realm's users or a network's containers). Attribute
 * {@code secret} is a readable secret, {@code password} a write-only one; a change of
 * {@code immutable} forces a replace. And {@code host}, which can run a server (as a container runs
 * a Keycloak): it is running unless its attribute {@code running} is false.
 * <p>
 * Servers ({@code servers:} entries of provider memory): {@code store} (where their objects live) and
 * {@code host} (the name of the {@code host} object, in the provider's own store, that runs it: the
 * server answers only while that host exists and is running, else every call fails as a refused
 * connection does).
 */
public final class MemoryProvider implements Provider {

    private MemoryServer server = MemoryServer.at("mem:default");
    private long latencyMs;
    private final Map<String, Long> slow = new HashMap<>();
    private final Set<String> fail = new HashSet<>();
    private final Set<String> loseAnswer = new HashSet<>();
    private final Set<String> conflict = new HashSet<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> flaky = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> refuse = new HashSet<>();
    private final Set<String> inconsistent = new HashSet<>();
    private final Map<String, Long> readyAfter = new HashMap<>();
    private final Map<String, JsonNode> servers = new HashMap<>();
    private java.nio.file.Path baseDir;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<ResourceKind> kinds() {
        return List.of(new Kind("group"), new Kind("item"), new Kind("host"));
    }

    @Override
    public void configure(ProviderContext context) {
        JsonNode c = context.config();
        baseDir = context.baseDir();
        if (c.hasNonNull("store")) {
            server = at(c.get("store").asText());
        }
        servers.putAll(context.servers());
        latencyMs = c.path("latency_ms").asLong(0);
        c.path("slow").fields().forEachRemaining(e -> slow.put(e.getKey(), e.getValue().asLong()));
        c.path("fail").forEach(n -> fail.add(n.asText()));
        c.path("lose_answer").forEach(n -> loseAnswer.add(n.asText()));
        c.path("conflict").forEach(n -> conflict.add(n.asText()));
        c.path("flaky").fields().forEachRemaining(e -> flaky.put(e.getKey(), new java.util.concurrent.atomic.AtomicInteger(e.getValue().asInt())));
        c.path("refuse").forEach(n -> refuse.add(n.asText()));
        c.path("inconsistent").forEach(n -> inconsistent.add(n.asText()));
        c.path("ready_after_ms").fields().forEachRemaining(e -> readyAfter.put(e.getKey(), e.getValue().asLong()));
    }

    private MemoryServer at(String store) {
        return MemoryServer.at(store.startsWith("mem:") ? store : baseDir.resolve(store).toString());
    }

    /** The store of a server (null: the provider's own), if it answers now. */
    MemoryServer store(String name) {
        if (name == null) {
            return server;
        }
        JsonNode s = servers.get(name);
        if (s == null) {
            throw new ProviderException("memory: no server \"" + name + "\" is declared");
        }
        if (s.hasNonNull("host")) {
            ObjectNode host = server.get("host." + s.get("host").asText());
            if (host == null || !host.path("running").asBoolean(true)) {
                throw new ProviderException("memory server " + name + ": connection refused (host " + s.get("host").asText()
                        + (host == null ? " does not exist)" : " is stopped)"));
            }
        }
        return at(s.path("store").asText("mem:" + name));
    }

    @Override
    public void awaitServer(String name, java.time.Duration timeout) {
        store(name);
    }

    @Override
    public void validateServer(String name, JsonNode settings) {
        settings.fieldNames().forEachRemaining(k -> {
            if (!List.of("store", "host").contains(k)) {
                throw new io.dive.spi.InvalidAttributeException("/" + k, "unknown key \"" + k + "\" (allowed: store, host)");
            }
        });
    }

    @Override
    public Map<Address, JsonNode> observe(ObserveRequest request) {
        Map<String, Map<String, ObjectNode>> lists = new HashMap<>();
        Map<Address, JsonNode> out = new HashMap<>();
        for (ResourceRef ref : request.resources()) {
            Map<String, ObjectNode> all = lists.computeIfAbsent(String.valueOf(ref.server()), k -> store(ref.server()).list());
            ObjectNode o = all.get(ref.address().toString());
            if (o != null) {
                out.put(ref.address(), readable(o));
            }
        }
        return out;
    }

    /** What a read shows: everything but the write-only password. */
    private static JsonNode readable(ObjectNode stored) {
        ObjectNode copy = stored.deepCopy();
        copy.remove("password");
        return copy;
    }

    private final class Kind implements ResourceKind {
        private final String type;

        Kind(String type) {
            this.type = type;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public Set<String> replaceOn() {
            return Set.of("immutable");
        }

        /** An item lives on its group's server, as a user on its realm's. */
        @Override
        public Address livesWith(Address address, JsonNode desired) {
            return type.equals("item") && address.name().contains("/") ? new Address("group", address.parentName()) : null;
        }

        @Override
        public boolean runsServers() {
            return type.equals("host");
        }

        @Override
        public boolean running(JsonNode observed) {
            return observed != null && observed.path("running").asBoolean(true);
        }

        /** A group is a container of items (like a realm of users): its items go when it is recreated. */
        @Override
        public boolean replacementDestroysDependents() {
            return type.equals("group");
        }

        @Override
        public Set<String> sensitive() {
            return Set.of("/secret", "/password");
        }

        /** Names compare without case (as Keycloak's usernames); an {@code alias} attribute names the object too. */
        @Override
        public Set<String> identities(Address address, JsonNode attributes) {
            Set<String> out = new HashSet<>(Set.of("memory " + type + " " + address.name().toLowerCase(java.util.Locale.ROOT)));
            if (attributes.hasNonNull("alias")) {
                out.add("memory alias " + attributes.get("alias").asText());
            }
            return out;
        }

        @Override
        public Set<Address> dependencies(Address address, JsonNode desired) {
            return type.equals("item") && address.name().contains("/") ? Set.of(new Address("group", address.parentName())) : Set.of();
        }

        @Override
        public JsonNode read(ResourceRef ref) {
            ObjectNode o = store(ref.server()).get(ref.address().toString());
            return o == null ? null : readable(o);
        }

        @Override
        public void create(ApplyRequest r) {
            write(r, "POST");
        }

        @Override
        public void update(ApplyRequest r) {
            write(r, "PUT");
        }

        @Override
        public void awaitReady(ApplyRequest r, java.time.Duration timeout) {
            Long wait = readyAfter.get(r.address().toString());
            if (wait == null) {
                return;
            }
            if (wait > timeout.toMillis()) {
                throw new ProviderException(r.address() + " was not ready within " + timeout.toSeconds() + "s (waited for: ready flag)");
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while waiting for " + r.address() + " to be ready");
            }
            store(r.server()).note("READY " + r.address());
        }

        @Override
        public void delete(ApplyRequest r) {
            MemoryServer server = store(r.server());
            server.enter();
            try {
                before(r, "DELETE");
                // Like a realm with users or a network with containers: a group is not removed while it holds items.
                String prefix = "item." + r.address().name() + "/";
                if (type.equals("group") && server.list().keySet().stream().anyMatch(k -> k.startsWith(prefix))) {
                    throw new ProviderException("DELETE /objects/" + r.address() + ": server answered 409 Conflict: the group still holds items");
                }
                server.remove(r.address().toString());
            } finally {
                server.leave();
            }
        }

        private void write(ApplyRequest r, String method) {
            MemoryServer server = store(r.server());
            server.enter();
            try {
                writeNow(server, r, method);
            } finally {
                server.leave();
            }
            if (method.equals("POST") && conflict.contains(r.address().toString())) {
                throw ProviderException.exists(method + " /objects/" + r.address() + ": server answered 409 Conflict: already exists (injected)");
            }
            if (loseAnswer.contains(r.address().toString())) {
                throw new ProviderException(method + " /objects/" + r.address() + ": Connection reset (injected: the write was done, its answer lost)");
            }
        }

        private void writeNow(MemoryServer server, ApplyRequest r, String method) {
            before(r, method);
            ObjectNode stored = ((ObjectNode) r.desired()).deepCopy();
            if (inconsistent.contains(r.address().toString())) {
                // A buggy server: accepts the write but keeps something else.
                stored.fields().forEachRemaining(e -> {
                    if (e.getValue().isTextual()) {
                        e.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getValue().asText() + "-altered"));
                    }
                });
            }
            server.put(r.address().toString(), stored);
        }

        private void before(ApplyRequest r, String method) {
            long delay = latencyMs + slow.getOrDefault(r.address().toString(), 0L);
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProviderException(method + " /" + r.address() + ": interrupted");
                }
            }
            if (refuse.contains(r.address().toString())) {
                throw new ProviderException(method + " /objects/" + r.address() + ": server answered 400 Bad Request (injected refusal)", true);
            }
            var flakes = flaky.get(r.address().toString());
            if (flakes != null && flakes.getAndDecrement() > 0) {
                throw ProviderException.passing(method + " /objects/" + r.address() + ": Connection refused (injected: nothing was done)");
            }
            if (fail.contains(r.address().toString())) {
                throw new ProviderException(method + " /objects/" + r.address() + ": server answered 500 Internal Server Error (injected failure)");
            }
        }
    }
}
