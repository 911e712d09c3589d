package io.dive.spi;

import java.util.List;

/** A bulk observation: every resource of this provider that the plan needs to know about. */
public record ObserveRequest(List<ResourceRef> resources) {
}
