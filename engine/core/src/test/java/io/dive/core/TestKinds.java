package io.dive.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.model.DesiredResource;
import io.dive.core.model.Location;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.util.List;
import java.util.Set;

/**
 * The smallest kinds core's own tests need: {@code group}, and {@code item} named {@code GROUP/ITEM}
 * that depends on its group (as a user on its realm). They are never asked to touch a server.
 */
public final class TestKinds {

    public static final ObjectMapper JSON = new ObjectMapper();

    private TestKinds() {
    }

    public static ResourceKind kind(String type) {
        return new ResourceKind() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Set<Address> dependencies(Address address, JsonNode desired) {
                return type.equals("item") ? Set.of(new Address("group", address.parentName())) : Set.of();
            }

            @Override
            public JsonNode read(ResourceRef ref) {
                throw new AssertionError("core tests never read");
            }

            @Override
            public void create(ApplyRequest request) {
                throw new AssertionError("core tests never write");
            }

            @Override
            public void update(ApplyRequest request) {
                throw new AssertionError("core tests never write");
            }

            @Override
            public void delete(ApplyRequest request) {
                throw new AssertionError("core tests never write");
            }
        };
    }

    /** A resource at line {@code line} of topology.yaml, with explicit dependencies. */
    public static DesiredResource resource(String address, int line, String... dependsOn) {
        ObjectNode attrs = JSON.createObjectNode();
        return new DesiredResource(Address.parse(address), attrs, List.of(dependsOn).stream().map(Address::parse).toList(),
                new Location("topology.yaml", line, 5), Set.of(), null, null, false);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
