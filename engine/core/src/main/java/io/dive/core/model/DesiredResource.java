package io.dive.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import java.util.List;
import java.util.Set;

/**
 * One resource the manifest asks for.
 *
 * @param attributes     desired attributes; secret references are still unresolved text
 * @param dependsOn      explicit dependencies (implicit ones come from the kind)
 * @param location       where the user wrote it (for template expansions: the hub/spoke entry)
 * @param sensitivePaths JSON Pointers of the attributes whose values are secrets (a secret reference is there)
 */
public record DesiredResource(Address address, ObjectNode attributes, List<Address> dependsOn,
                              Location location, Set<String> sensitivePaths) {
}
