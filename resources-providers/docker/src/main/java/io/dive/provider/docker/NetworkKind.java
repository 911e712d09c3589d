package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import java.util.Map;
import java.util.Set;

/** {@code network.NAME}: {@code name} (default: the address's), {@code driver} (bridge), {@code internal}, {@code labels}, {@code endpoint}. */
final class NetworkKind extends EngineObjectKind {

    NetworkKind(DockerProvider provider) {
        super(provider, "network", "bridge", Set.of("name", "driver", "internal", "labels", "endpoint"));
    }

    static ObjectNode view(Network n, String endpoint) {
        ObjectNode o = ContainerSpec.JSON.createObjectNode();
        o.put("id", n.getId());
        o.put("name", n.getName());
        o.put("endpoint", endpoint);
        o.put("driver", n.getDriver());
        o.put("internal", Boolean.TRUE.equals(n.getInternal()));
        o.set("labels", ContainerSpec.labels(n.getLabels()));
        return o;
    }

    @Override
    void createOn(DockerClient docker, String name, String driver, Map<String, String> labels, JsonNode desired) {
        docker.createNetworkCmd().withName(name).withDriver(driver).withInternal(desired.path("internal").asBoolean(false))
                .withLabels(labels).withCheckDuplicate(true).exec();
    }

    @Override
    void removeFrom(DockerClient docker, JsonNode prior) {
        docker.removeNetworkCmd(prior.path("id").asText()).exec();
    }
}
