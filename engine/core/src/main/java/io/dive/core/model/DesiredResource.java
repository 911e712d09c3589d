package io.dive.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.run.ServerBindings;
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
 * @param fields         where each attribute was written, by its JSON Pointer (the resource's location
 *                       when it came from a template)
 * @param instance       the instance it belongs to (a hub or spoke code, from the preprocessor), or null
 * @param preventDestroy never deleted or replaced unless a command names it with --allow-destroy
 * @param server         the server it names with {@code server:}, or null (then its instance's server of its
 *                       provider, else the provider's default: see ServerBindings)
 * @param serverAt       where {@code server:} is written
 */
public record DesiredResource(Address address, ObjectNode attributes, List<Address> dependsOn,
                              Location location, Set<String> sensitivePaths, FieldLocator fields, String instance,
                              boolean preventDestroy, String server, Location serverAt) {

    /** Bound to no server by name. */
    public DesiredResource(Address address, ObjectNode attributes, List<Address> dependsOn, Location location,
                           Set<String> sensitivePaths, FieldLocator fields, String instance, boolean preventDestroy) {
        this(address, attributes, dependsOn, location, sensitivePaths, fields, instance, preventDestroy, null, null);
    }

    /** Where an attribute was written. */
    @FunctionalInterface
    public interface FieldLocator {
        Location of(String pointer);
    }

    /** The file, line and column of an attribute, for messages about it. */
    public Location locate(String pointer) {
        return fields == null ? location : fields.of(pointer);
    }
}
