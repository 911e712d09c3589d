package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code container.NAME} (see {@link ContainerSpec} for its attributes). A changed definition replaces
 * the container; a stopped or exited one is started; dependents wait until it is healthy (or running,
 * without a healthcheck).
 */
final class ContainerKind implements ResourceKind {

    private final DockerProvider provider;

    ContainerKind(DockerProvider provider) {
        this.provider = provider;
    }

    @Override
    public String type() {
        return "container";
    }

    @Override
    public Set<String> replaceOn() {
        return Set.of("image", "command", "entrypoint", "env", "labels", "networks", "memory", "cpus", "restart", "user", "config_hash", "endpoint");
    }

    @Override
    public Set<Address> dependencies(Address address, JsonNode desired) {
        Set<Address> deps = new LinkedHashSet<>();
        desired.path("networks").fieldNames().forEachRemaining(n -> deps.add(new Address("network", n)));
        for (JsonNode m : desired.path("mounts")) {
            if ("volume".equals(m.path("type").asText("volume"))) {
                deps.add(new Address("volume", m.path("source").asText()));
            }
        }
        return deps;
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        ObjectNode n = ContainerSpec.normalize(desired, provider.mounts());
        n.put("endpoint", desired.path("endpoint").asText("default"));
        return n;
    }

    /** What dive compares, from an inspect. */
    static ObjectNode view(InspectContainerResponse c, String endpoint) {
        ObjectNode o = ContainerSpec.JSON.createObjectNode();
        o.put("id", c.getId());
        o.put("name", c.getName().startsWith("/") ? c.getName().substring(1) : c.getName());
        o.put("endpoint", endpoint);
        o.put("image", c.getConfig().getImage());
        if (c.getConfig().getCmd() != null) {
            o.set("command", ContainerSpec.JSON.valueToTree(c.getConfig().getCmd()));
        }
        if (c.getConfig().getEntrypoint() != null) {
            o.set("entrypoint", ContainerSpec.JSON.valueToTree(c.getConfig().getEntrypoint()));
        }
        o.set("env", ContainerSpec.envMap(c.getConfig().getEnv()));
        Map<String, String> labels = c.getConfig().getLabels();
        o.set("labels", ContainerSpec.labels(labels));
        ObjectNode nets = o.putObject("networks");
        if (c.getNetworkSettings() != null && c.getNetworkSettings().getNetworks() != null) {
            c.getNetworkSettings().getNetworks().forEach((name, net) -> {
                ArrayNode aliases = nets.putObject(name).putArray("aliases");
                if (net.getAliases() != null) {
                    // Docker adds the short id (and sometimes the name) itself: they are not the user's aliases.
                    net.getAliases().stream().filter(a -> !c.getId().startsWith(a) && !a.equals(o.get("name").asText())).forEach(aliases::add);
                }
            });
        }
        var host = c.getHostConfig();
        if (host != null) {
            o.put("memory", host.getMemory() == null ? 0 : host.getMemory());
            o.put("cpus", host.getNanoCPUs() == null ? 0 : host.getNanoCPUs() / 1e9);
            o.put("restart", host.getRestartPolicy() == null || host.getRestartPolicy().getName() == null ? "no"
                    : host.getRestartPolicy().getName().isEmpty() ? "no" : host.getRestartPolicy().getName());
        }
        o.put("user", c.getConfig().getUser() == null ? "" : c.getConfig().getUser());
        o.put("running", Boolean.TRUE.equals(c.getState().getRunning()));
        o.put("status", c.getState().getStatus());
        o.put("config_hash", labels == null ? "" : labels.getOrDefault(Labels.CONFIG_HASH, ""));
        o.put("managed", labels != null && "true".equals(labels.get(Labels.MANAGED)));
        return o;
    }

    @Override
    public void validate(io.dive.spi.Address address, JsonNode desired) {
        ContainerSpec.validate(desired);
    }

    @Override
    public JsonNode read(ResourceRef ref) {
        return provider.readOne(ref);
    }

    @Override
    public void create(ApplyRequest r) {
        JsonNode d = r.desired();
        String endpoint = d.path("endpoint").asText("default");
        DockerClient docker = provider.client(endpoint);
        String name = DockerProvider.dockerName(r.address(), d);
        String image = d.path("image").asText();
        ensureImage(docker, endpoint, image);
        Map<String, String> labels = provider.labelsFor(r);
        labels.put(Labels.CONFIG_HASH, ContainerSpec.hash(d, provider.mounts()));
        List<String> networks = new ArrayList<>();
        d.path("networks").fieldNames().forEachRemaining(networks::add);
        CreateContainerCmd cmd = docker.createContainerCmd(image).withName(name).withLabels(labels)
                .withEnv(ContainerSpec.env(d.path("env"))).withHostConfig(ContainerSpec.hostConfig(d, provider.mounts()));
        if (d.has("command")) {
            cmd.withCmd(ContainerSpec.strings(d.get("command")));
        }
        if (d.has("entrypoint")) {
            cmd.withEntrypoint(ContainerSpec.strings(d.get("entrypoint")));
        }
        if (d.has("user")) {
            cmd.withUser(d.get("user").asText());
        }
        if (d.has("stop_grace_period")) {
            cmd.withStopTimeout(ContainerFields.stopTimeout(d));
        }
        if (d.has("healthcheck")) {
            cmd.withHealthcheck(ContainerSpec.healthcheck(d.get("healthcheck")));
        }
        if (cmd.getHostConfig().getPortBindings() != null) {
            // The API publishes only exposed ports (the docker CLI exposes them for -p by itself).
            cmd.withExposedPorts(new ArrayList<>(cmd.getHostConfig().getPortBindings().getBindings().keySet()));
        }
        if (!networks.isEmpty()) {
            cmd.getHostConfig().withNetworkMode(networks.get(0));
            cmd.withAliases(ContainerSpec.strings(d.path("networks").path(networks.get(0)).path("aliases")));
        }
        String id;
        try {
            id = cmd.exec().getId();
        } catch (ConflictException e) {
            throw new ProviderException("docker create " + name + " on " + endpoint + ": a container with this name exists that dive did not create "
                    + "(or lost track of); remove or rename it, then apply again. Docker said: " + brief(e));
        } catch (DockerException e) {
            throw new ProviderException("docker create " + name + " on " + endpoint + ": " + brief(e));
        }
        try {
            for (String net : networks.subList(Math.min(1, networks.size()), networks.size())) {
                docker.connectToNetworkCmd().withNetworkId(net).withContainerId(id).withContainerNetwork(
                        new ContainerNetwork().withAliases(ContainerSpec.strings(d.path("networks").path(net).path("aliases")))).exec();
            }
            docker.startContainerCmd(id).exec();
        } catch (DockerException e) {
            throw new ProviderException("docker start " + name + " on " + endpoint + ": " + brief(e));
        }
    }

    private void ensureImage(DockerClient docker, String endpoint, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException missing) {
            if (!provider.pull()) {
                throw new ProviderException("image " + image + " is not on docker endpoint " + endpoint + " and pulling is off (docker.pull: false)");
            }
        }
        String registry = image.contains("/") && image.substring(0, image.indexOf('/')).matches(".*[.:].*")
                ? image.substring(0, image.indexOf('/')) : "docker.io";
        provider.log().line("docker: pulling " + image + " from " + registry + " on endpoint " + endpoint + "...");
        try {
            if (!docker.pullImageCmd(image).exec(new PullProgress(image, provider.log())).awaitCompletion(10, TimeUnit.MINUTES)) {
                throw new ProviderException("image " + image + ": pull from " + registry + " did not finish within 10 minutes");
            }
        } catch (DockerException | IllegalStateException e) {
            throw new ProviderException("image " + image + " is not on docker endpoint " + endpoint + " and cannot be pulled from registry "
                    + registry + ": " + brief(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("image " + image + ": interrupted while pulling");
        }
    }

    @Override
    public void update(ApplyRequest r) {
        // Everything but the running state forces a replace: what is left to update is starting it.
        String endpoint = r.prior().path("endpoint").asText("default");
        try {
            provider.client(endpoint).startContainerCmd(r.prior().path("id").asText()).exec();
        } catch (DockerException e) {
            throw new ProviderException("docker start " + r.prior().path("name").asText() + " on " + endpoint + ": " + brief(e));
        }
    }

    @Override
    public void delete(ApplyRequest r) {
        JsonNode prior = r.prior();
        DockerProvider.requireManaged(prior == null ? null : ContainerSpec.stringMap(prior.path("labels")), r,
                "container " + (prior == null ? r.address() : prior.path("name").asText()));
        String endpoint = prior.path("endpoint").asText("default");
        DockerClient docker = provider.client(endpoint);
        try {
            docker.removeContainerCmd(prior.path("id").asText()).withForce(true).exec();
        } catch (NotFoundException gone) {
            // already gone
        } catch (DockerException e) {
            throw new ProviderException("docker rm " + prior.path("name").asText() + " on " + endpoint + ": " + brief(e));
        }
    }

    @Override
    public void awaitReady(ApplyRequest r, Duration timeout) {
        JsonNode d = r.desired();
        Duration limit = d.has("ready_timeout") ? Duration.ofMillis(ContainerSpec.millis(d.get("ready_timeout").asText())) : timeout;
        String endpoint = d.path("endpoint").asText("default");
        String name = DockerProvider.dockerName(r.address(), d);
        boolean health = d.has("healthcheck");
        long deadline = System.currentTimeMillis() + limit.toMillis();
        String last = "no health report yet";
        while (true) {
            InspectContainerResponse c = provider.client(endpoint).inspectContainerCmd(name).exec();
            var state = c.getState();
            if (!Boolean.TRUE.equals(state.getRunning()) && !"created".equals(state.getStatus())) {
                throw new ProviderException("container " + name + " stopped while dive waited for it to be " + (health ? "healthy" : "running")
                        + " (status " + state.getStatus() + ", exit code " + state.getExitCodeLong() + ")");
            }
            if (!health && Boolean.TRUE.equals(state.getRunning())) {
                return;
            }
            if (health && state.getHealth() != null) {
                if ("healthy".equals(state.getHealth().getStatus())) {
                    return;
                }
                var log = state.getHealth().getLog();
                if (log != null && !log.isEmpty()) {
                    var l = log.get(log.size() - 1);
                    last = "status " + state.getHealth().getStatus() + ", last check exit " + l.getExitCodeLong() + ": "
                            + (l.getOutput() == null ? "" : l.getOutput().strip());
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new ProviderException("container " + name + " was not " + (health ? "healthy" : "running") + " within "
                        + limit.toSeconds() + "s (waited for its healthcheck; " + last + ")");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while waiting for container " + name);
            }
        }
    }

    /** Pull progress to the run's log: one line per layer event, at most every two seconds per layer. */
    private static final class PullProgress extends PullImageResultCallback {
        private final String image;
        private final io.dive.spi.Log log;
        private final Map<String, Long> lastShown = new java.util.HashMap<>();

        PullProgress(String image, io.dive.spi.Log log) {
            this.image = image;
            this.log = log;
        }

        @Override
        public void onNext(com.github.dockerjava.api.model.PullResponseItem item) {
            super.onNext(item);
            String layer = item.getId() == null ? "" : item.getId();
            long now = System.currentTimeMillis();
            if (item.getStatus() != null && now - lastShown.getOrDefault(layer + item.getStatus(), 0L) > 2000) {
                lastShown.put(layer + item.getStatus(), now);
                var d = item.getProgressDetail();
                String bytes = d != null && d.getTotal() != null && d.getTotal() > 0 ? " " + (d.getCurrent() >> 20) + "/" + (d.getTotal() >> 20) + " MB" : "";
                log.line("docker: " + image + " " + layer + " " + item.getStatus() + bytes);
            }
        }
    }

    static String brief(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ").trim();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    /** A container can run a server (a Keycloak, a MongoDB) that the manifest's servers: name with runs_on. */
    @Override
    public boolean runsServers() {
        return true;
    }

    @Override
    public boolean running(JsonNode observed) {
        return observed != null && observed.path("running").asBoolean(false);
    }
}
