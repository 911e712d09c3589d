package io.dive.spi;

import java.util.List;

/**
 * A bulk observation: every resource of this provider that the plan needs to know about.
 *
 * @param gone servers that cannot answer and that nothing in this run brings back (what ran them is
 *             gone): a part of a resource that lives there (a link's side) is not read, and goes with it
 */
public record ObserveRequest(List<ResourceRef> resources, java.util.Set<String> gone) {

    public ObserveRequest(List<ResourceRef> resources) {
        this(resources, java.util.Set.of());
    }
}
