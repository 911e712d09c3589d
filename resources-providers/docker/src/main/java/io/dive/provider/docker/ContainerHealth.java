package io.dive.provider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.dive.spi.Address;
import io.dive.spi.HealthProbe;
import io.dive.spi.HealthProbe.Finding;
import io.dive.spi.HealthProbe.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * {@code dive status} for Docker: each declared container that exists, as the engine runs it: running,
 * its health check's verdict, and how often it restarted. One list per endpoint, then the topology's
 * containers inspected in parallel. A container that is absent is the plan's finding, not this one's;
 * an endpoint that does not answer is one failing finding.
 */
final class ContainerHealth {

    private final DockerProvider provider;
    private final ExecutorService pool;

    ContainerHealth(DockerProvider provider, ExecutorService pool) {
        this.provider = provider;
        this.pool = pool;
    }

    List<Finding> health(HealthProbe.Request request) {
        Map<String, Map<Address, String>> byEndpoint = new LinkedHashMap<>(); // endpoint -> container address -> docker name
        request.resources().forEach((a, attrs) -> {
            if ("container".equals(a.type())) {
                byEndpoint.computeIfAbsent(attrs.path("endpoint").asText("default"), k -> new LinkedHashMap<>())
                        .put(a, DockerProvider.dockerName(a, attrs));
            }
        });
        // Endpoints on threads of their own: each waits for inspections on the provider's pool, which the
        // plan running beside this probe uses too.
        ExecutorService endpoints = java.util.concurrent.Executors.newCachedThreadPool(io.dive.spi.DaemonThreads.named("dive-docker-health"));
        try {
            List<CompletableFuture<List<Finding>>> work = new ArrayList<>();
            byEndpoint.forEach((endpoint, names) -> work.add(CompletableFuture.supplyAsync(() -> endpoint(endpoint, names), endpoints)));
            List<Finding> out = new ArrayList<>();
            work.forEach(f -> out.addAll(f.join()));
            return out;
        } finally {
            endpoints.shutdownNow();
        }
    }

    private List<Finding> endpoint(String endpoint, Map<Address, String> names) {
        try {
            DockerClient docker = provider.client(endpoint);
            Map<String, Container> byName = new HashMap<>();
            for (Container c : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Labels.TOPOLOGY, provider.topology())).exec()) {
                for (String n : c.getNames()) {
                    byName.put(n.startsWith("/") ? n.substring(1) : n, c);
                }
            }
            Map<Address, CompletableFuture<InspectContainerResponse>> inspections = new LinkedHashMap<>();
            names.forEach((a, name) -> {
                Container c = byName.get(name);
                if (c != null) {
                    inspections.put(a, CompletableFuture.supplyAsync(() -> docker.inspectContainerCmd(c.getId()).exec(), pool));
                }
            });
            List<Finding> out = new ArrayList<>();
            inspections.forEach((a, f) -> out.add(finding(a, names.get(a), f.join())));
            return out;
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            return List.of(Finding.ofServer("docker endpoint " + endpoint, "reachable", Level.FAIL,
                    provider.host(endpoint) + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), null));
        }
    }

    /** One container's line: stopped and restarting fail, unhealthy fails, a health check still starting warns. */
    static Finding finding(Address a, String name, InspectContainerResponse c) {
        var state = c.getState();
        long restarts = c.getRestartCount() == null ? 0 : c.getRestartCount();
        String restarted = restarts + (restarts == 1 ? " restart" : " restarts");
        String logs = "docker logs " + name;
        if (Boolean.TRUE.equals(state.getRestarting())) {
            return Finding.ofResource(a, "running", Level.FAIL, "restarting (" + restarted + ", last exit code " + state.getExitCodeLong() + ")", logs);
        }
        if (!Boolean.TRUE.equals(state.getRunning())) {
            return Finding.ofResource(a, "running", Level.FAIL, state.getStatus() + " (exit code " + state.getExitCodeLong() + " at "
                    + state.getFinishedAt() + ", " + restarted + ")", "dive apply --target " + a + " {file}");
        }
        String since = "up since " + state.getStartedAt();
        if (state.getHealth() == null) {
            return Finding.ofResource(a, "running", Level.OK, "running, no health check, " + restarted + ", " + since, null);
        }
        String health = state.getHealth().getStatus();
        var log = state.getHealth().getLog();
        String last = log == null || log.isEmpty() ? "" : "; last check exit " + log.get(log.size() - 1).getExitCodeLong() + ": "
                + String.valueOf(log.get(log.size() - 1).getOutput()).strip();
        return switch (String.valueOf(health)) {
            case "healthy" -> Finding.ofResource(a, "running", Level.OK, "running, healthy, " + restarted + ", " + since, null);
            case "starting" -> Finding.ofResource(a, "running", Level.WARN, "running, health check starting, " + restarted + ", " + since, null);
            default -> Finding.ofResource(a, "running", Level.FAIL, "running, " + health + ", " + restarted + ", " + since + last, logs);
        };
    }
}
