package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.util.Map;
import java.util.Set;

/** {@code network.NAME}: {@code name} (default: the address's), {@code driver} (bridge), {@code internal}, {@code labels}, {@code endpoint}. */
final class NetworkKind implements ResourceKind {

    private final DockerProvider provider;

    NetworkKind(DockerProvider provider) {
        this.provider = provider;
    }

    @Override
    public String type() {
        return "network";
    }

    @Override
    public Set<String> replaceOn() {
        return Set.of("name", "driver", "internal", "labels", "endpoint");
    }

    @Override
    public JsonNode normalize(io.dive.spi.Address address, JsonNode desired) {
        ObjectNode n = desired.deepCopy();
        n.put("endpoint", desired.path("endpoint").asText("default"));
        n.put("driver", desired.path("driver").asText("bridge"));
        return n;
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
            provider.client(endpoint).createNetworkCmd().withName(name).withDriver(d.path("driver").asText("bridge"))
                    .withInternal(d.path("internal").asBoolean(false)).withLabels(labels).withCheckDuplicate(true).exec();
        } catch (DockerException e) {
            throw new ProviderException("docker network create " + name + " on " + endpoint + ": " + ContainerKind.brief(e));
        }
    }

    @Override
    public void update(ApplyRequest r) {
        throw new ProviderException("networks are replaced, never updated in place");
    }

    @Override
    public void delete(ApplyRequest r) {
        JsonNode p = r.prior();
        DockerProvider.requireManaged("true".equals(p.path("labels").path(Labels.MANAGED).asText()), "network " + p.path("name").asText());
        String endpoint = p.path("endpoint").asText("default");
        try {
            provider.client(endpoint).removeNetworkCmd(p.path("id").asText()).exec();
        } catch (NotFoundException gone) {
            // already gone
        } catch (DockerException e) {
            throw new ProviderException("docker network rm " + p.path("name").asText() + " on " + endpoint + ": " + ContainerKind.brief(e));
        }
    }
}
