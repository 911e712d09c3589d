package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.util.Map;
import java.util.Set;

/** {@code volume.NAME}: {@code name} (default: the address's), {@code driver} (local), {@code labels}, {@code endpoint}. */
final class VolumeKind implements ResourceKind {

    private final DockerProvider provider;

    VolumeKind(DockerProvider provider) {
        this.provider = provider;
    }

    @Override
    public String type() {
        return "volume";
    }

    @Override
    public Set<String> replaceOn() {
        return Set.of("name", "driver", "labels", "endpoint");
    }

    @Override
    public JsonNode normalize(io.dive.spi.Address address, JsonNode desired) {
        ObjectNode n = desired.deepCopy();
        n.put("endpoint", desired.path("endpoint").asText("default"));
        n.put("driver", desired.path("driver").asText("local"));
        return n;
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
    public JsonNode read(ResourceRef ref) {
        return provider.readOne(ref);
    }

    @Override
    public void create(ApplyRequest r) {
        JsonNode d = r.desired();
        String endpoint = d.path("endpoint").asText("default");
        Map<String, String> labels = provider.labelsFor(r.address(), d);
        String name = DockerProvider.dockerName(r.address(), d);
        try {
            provider.client(endpoint).createVolumeCmd().withName(name).withDriver(d.path("driver").asText("local")).withLabels(labels).exec();
        } catch (DockerException e) {
            throw new ProviderException("docker volume create " + name + " on " + endpoint + ": " + ContainerKind.brief(e));
        }
    }

    @Override
    public void update(ApplyRequest r) {
        throw new ProviderException("volumes are replaced, never updated in place");
    }

    @Override
    public void delete(ApplyRequest r) {
        JsonNode p = r.prior();
        DockerProvider.requireManaged("true".equals(p.path("labels").path(Labels.MANAGED).asText()), "volume " + p.path("name").asText());
        String endpoint = p.path("endpoint").asText("default");
        try {
            provider.client(endpoint).removeVolumeCmd(p.path("name").asText()).exec();
        } catch (NotFoundException gone) {
            // already gone
        } catch (DockerException e) {
            throw new ProviderException("docker volume rm " + p.path("name").asText() + " on " + endpoint + ": " + ContainerKind.brief(e));
        }
    }
}
