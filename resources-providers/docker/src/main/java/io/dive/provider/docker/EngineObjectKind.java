package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.util.Map;
import java.util.Set;

/**
 * What networks and volumes share: a name, a driver, labels, an endpoint; created with dive's
 * ownership labels, never updated in place (any change replaces), deleted only when dive made them.
 * Subclasses say only how to create and remove one.
 */
abstract class EngineObjectKind implements ResourceKind {

    final DockerProvider provider;
    private final String type;
    private final String defaultDriver;
    private final Set<String> replaceOn;

    EngineObjectKind(DockerProvider provider, String type, String defaultDriver, Set<String> replaceOn) {
        this.provider = provider;
        this.type = type;
        this.defaultDriver = defaultDriver;
        this.replaceOn = replaceOn;
    }

    abstract void createOn(DockerClient docker, String name, String driver, Map<String, String> labels, JsonNode desired);

    abstract void removeFrom(DockerClient docker, JsonNode prior);

    @Override
    public String type() {
        return type;
    }

    @Override
    public Set<String> replaceOn() {
        return replaceOn;
    }

    /**
     * Docker refuses to remove a network or volume while a container uses it, so replacing one takes
     * the containers that use it along: they are removed first and made again on the new one.
     */
    @Override
    public boolean replacementDestroysDependents() {
        return true;
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        ObjectNode n = desired.deepCopy();
        n.put("endpoint", desired.path("endpoint").asText("default"));
        n.put("driver", desired.path("driver").asText(defaultDriver));
        return n;
    }

    @Override
    public JsonNode read(ResourceRef ref) {
        return provider.readOne(ref);
    }

    @Override
    public void create(ApplyRequest r) {
        JsonNode d = r.desired();
        String endpoint = d.path("endpoint").asText("default");
        String name = DockerProvider.dockerName(r.address(), d);
        try {
            createOn(provider.client(endpoint), name, d.path("driver").asText(defaultDriver), provider.labelsFor(r), d);
        } catch (DockerException e) {
            throw new ProviderException("docker " + type + " create " + name + " on " + endpoint + ": " + ContainerKind.brief(e));
        }
    }

    @Override
    public void update(ApplyRequest r) {
        throw new ProviderException(type + "s are replaced, never updated in place");
    }

    @Override
    public void delete(ApplyRequest r) {
        JsonNode p = r.prior();
        DockerProvider.requireManaged(ContainerSpec.stringMap(p.path("labels")), r, type + " " + p.path("name").asText());
        String endpoint = p.path("endpoint").asText("default");
        try {
            removeFrom(provider.client(endpoint), p);
        } catch (NotFoundException gone) {
            // already gone
        } catch (DockerException e) {
            throw new ProviderException("docker " + type + " rm " + p.path("name").asText() + " on " + endpoint + ": " + ContainerKind.brief(e));
        }
    }
}
