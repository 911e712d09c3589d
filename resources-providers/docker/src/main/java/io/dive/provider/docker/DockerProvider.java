package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ObserveRequest;
import io.dive.spi.Provider;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Docker: containers, networks and volumes, on one or more engines. Observation is one list call per
 * endpoint and object type, filtered by the topology's label, then one inspect per container that
 * the plan needs, all in parallel. Only objects carrying dive's ownership labels are ever changed.
 */
public final class DockerProvider implements Provider, io.dive.spi.HealthProbe {

    private DockerEndpoints endpoints;
    private String topology;
    private MountedFiles mounts;
    private boolean pull = true;
    private io.dive.spi.Log log = io.dive.spi.Log.NONE;
    private ExecutorService pool;
    private final ContainerKind containers = new ContainerKind(this);
    private final NetworkKind networks = new NetworkKind(this);
    private final VolumeKind volumes = new VolumeKind(this);
    private final PostgresPasswordKind postgresPasswords = new PostgresPasswordKind(this);

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public List<ResourceKind> kinds() {
        return List.of(containers, networks, volumes, postgresPasswords);
    }

    @Override
    public void configure(ProviderContext context) {
        endpoints = new DockerEndpoints(context.config(), context.env());
        log = context.log();
        endpoints.warnings().forEach(log::warn);
        topology = context.topology();
        mounts = new MountedFiles(context.baseDir(), context.files());
        pull = context.config().path("pull").asBoolean(true);
        pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "dive-docker");
            t.setDaemon(true);
            return t;
        });
    }

    String topology() {
        return topology;
    }

    MountedFiles mounts() {
        return mounts;
    }

    boolean pull() {
        return pull;
    }

    /** Where pull progress goes (the front end's stderr on a terminal). */
    io.dive.spi.Log log() {
        return log;
    }

    DockerClient client(String endpoint) {
        return endpoints.client(endpoint);
    }

    String host(String endpoint) {
        return endpoints.host(endpoint);
    }

    /** The endpoint a resource lives on: the manifest's choice, else where state saw it, else default. */
    static String endpointOf(ResourceRef ref) {
        JsonNode d = ref.desired() != null ? ref.desired() : ref.recorded();
        return d == null ? "default" : d.path("endpoint").asText("default");
    }

    /** The Docker name: the {@code name} attribute, else the address's name. */
    static String dockerName(Address a, JsonNode attrs) {
        return attrs != null && attrs.hasNonNull("name") ? attrs.get("name").asText() : a.name();
    }

    /** The manifest's labels plus dive's ownership labels: what every object dive creates carries. */
    Map<String, String> labelsFor(ApplyRequest r) {
        Map<String, String> l = new LinkedHashMap<>();
        r.desired().path("labels").fields().forEachRemaining(e -> l.put(e.getKey(), e.getValue().asText()));
        l.put(Labels.MANAGED, "true");
        l.put(Labels.ADDRESS, r.address().toString());
        l.put(Labels.TOPOLOGY, topology);
        if (r.lineage() != null && !r.lineage().isEmpty()) {
            l.put(Labels.LINEAGE, r.lineage());
        }
        return l;
    }

    /**
     * dive deletes only what carries its ownership label and, when the object records one, the lineage of
     * the state deleting it: a topology of the same name kept in another state does not own it.
     */
    static void requireManaged(Map<String, String> labels, ApplyRequest r, String what) {
        if (labels == null || !"true".equals(labels.get(Labels.MANAGED))) {
            throw new ProviderException("refusing to delete " + what + ": it does not carry dive's ownership label");
        }
        String made = labels.get(Labels.LINEAGE);
        if (made != null && r.lineage() != null && !made.equals(r.lineage())) {
            throw new ProviderException("refusing to delete " + what + ": another dive state made it (lineage " + made + "), not this one ("
                    + r.lineage() + ")");
        }
    }

    @Override
    public List<Finding> health(Request request) {
        return new ContainerHealth(this, pool).health(request);
    }

    @Override
    public Map<Address, JsonNode> observe(ObserveRequest request) {
        Map<String, List<ResourceRef>> byEndpoint = new LinkedHashMap<>();
        Map<Address, CompletableFuture<JsonNode>> passwords = new LinkedHashMap<>();
        for (ResourceRef r : request.resources()) {
            if (r.address().type().equals(PostgresPasswordKind.TYPE)) {
                // Asked of the database inside its container, each on its own.
                passwords.put(r.address(), CompletableFuture.supplyAsync(() -> postgresPasswords.read(r), pool));
                continue;
            }
            byEndpoint.computeIfAbsent(endpointOf(r), k -> new ArrayList<>()).add(r);
            JsonNode rec = r.recorded();
            if (rec != null && rec.has("endpoint") && !rec.get("endpoint").asText().equals(endpointOf(r))) {
                byEndpoint.computeIfAbsent(rec.get("endpoint").asText(), k -> new ArrayList<>()).add(r); // it may still be where it was
            }
        }
        List<CompletableFuture<Map<Address, JsonNode>>> work = new ArrayList<>();
        byEndpoint.forEach((endpoint, refs) -> work.add(CompletableFuture.supplyAsync(() -> observeEndpoint(endpoint, refs), pool)));
        Map<Address, JsonNode> out = new HashMap<>();
        passwords.forEach((a, f) -> {
            try {
                JsonNode o = f.join();
                if (o != null) {
                    out.put(a, o);
                }
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        });
        for (CompletableFuture<Map<Address, JsonNode>> f : work) {
            try {
                f.join().forEach((a, o) -> {
                    JsonNode prev = out.get(a);
                    // Found in two places: the one on the desired endpoint wins.
                    if (prev == null || !prev.path("endpoint").asText().equals(o.path("endpoint").asText())) {
                        out.putIfAbsent(a, o);
                    }
                });
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }
        return out;
    }

    private Map<Address, JsonNode> observeEndpoint(String endpoint, List<ResourceRef> refs) {
        DockerClient docker = client(endpoint);
        Map<Address, JsonNode> out = new HashMap<>();
        boolean wantContainers = refs.stream().anyMatch(r -> r.address().type().equals("container"));
        boolean wantNetworks = refs.stream().anyMatch(r -> r.address().type().equals("network"));
        boolean wantVolumes = refs.stream().anyMatch(r -> r.address().type().equals("volume"));
        String label = Labels.TOPOLOGY + "=" + topology;
        try {
            Map<String, Container> byName = new HashMap<>();
            if (wantContainers) {
                for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.TOPOLOGY, topology)).exec()) {
                    for (String n : c.getNames()) {
                        byName.put(n.startsWith("/") ? n.substring(1) : n, c);
                    }
                }
            }
            Map<String, Network> nets = new HashMap<>();
            if (wantNetworks) {
                for (Network n : docker.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
                    nets.put(n.getName(), n);
                }
            }
            Map<String, com.github.dockerjava.api.command.InspectVolumeResponse> vols = new HashMap<>();
            if (wantVolumes) {
                var list = docker.listVolumesCmd().withFilter("label", List.of(label)).exec().getVolumes();
                if (list != null) {
                    list.forEach(v -> vols.put(v.getName(), v));
                }
            }
            Map<Address, CompletableFuture<InspectContainerResponse>> inspections = new HashMap<>();
            for (ResourceRef r : refs) {
                String name = dockerName(r.address(), r.desired() != null ? r.desired() : r.recorded());
                switch (r.address().type()) {
                    case "container" -> {
                        Container c = byName.get(name);
                        if (c != null) {
                            inspections.put(r.address(), CompletableFuture.supplyAsync(() -> docker.inspectContainerCmd(c.getId()).exec(), pool));
                        }
                    }
                    case "network" -> {
                        Network n = nets.get(name);
                        if (n != null) {
                            out.put(r.address(), NetworkKind.view(n, endpoint));
                        }
                    }
                    case "volume" -> {
                        var v = vols.get(name);
                        if (v != null) {
                            out.put(r.address(), VolumeKind.view(v, endpoint));
                        }
                    }
                    default -> throw new IllegalArgumentException(r.address().type());
                }
            }
            inspections.forEach((a, f) -> {
                try {
                    out.put(a, ContainerKind.view(f.join(), endpoint));
                } catch (java.util.concurrent.CompletionException e) {
                    if (!(e.getCause() instanceof NotFoundException)) {
                        throw e;
                    }
                }
            });
            return out;
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new ProviderException("docker endpoint " + endpoint + " (" + host(endpoint) + "): listing failed: "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    JsonNode readOne(ResourceRef ref) {
        return observe(new ObserveRequest(List.of(ref))).get(ref.address());
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (endpoints != null) {
            endpoints.close();
        }
    }
}
