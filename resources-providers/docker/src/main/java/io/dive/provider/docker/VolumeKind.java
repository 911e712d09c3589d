package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import java.util.Map;
import java.util.Set;

/** {@code volume.NAME}: {@code name} (default: the address's), {@code driver} (local), {@code labels}, {@code endpoint}. */
final class VolumeKind extends EngineObjectKind {

    VolumeKind(DockerProvider provider) {
        super(provider, "volume", "local", Set.of("name", "driver", "labels", "endpoint"));
    }

    static ObjectNode view(InspectVolumeResponse v, String endpoint) {
        ObjectNode o = ContainerSpec.JSON.createObjectNode();
        o.put("name", v.getName());
        o.put("endpoint", endpoint);
        o.put("driver", v.getDriver());
        o.set("labels", ContainerSpec.labels(v.getLabels()));
        return o;
    }

    @Override
    void createOn(DockerClient docker, String name, String driver, Map<String, String> labels, JsonNode desired) {
        docker.createVolumeCmd().withName(name).withDriver(driver).withLabels(labels).exec();
    }

    @Override
    void removeFrom(DockerClient docker, JsonNode prior) {
        docker.removeVolumeCmd(prior.path("name").asText()).exec();
    }
}
