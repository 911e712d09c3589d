package io.dive.spi.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What state records of one resource. Attributes are as observed after the last apply, with every
 * sensitive value replaced by its keyed fingerprint: state never holds a secret.
 *
 * @param status    CREATING (dive sent or is about to send the create), CREATED (dive made it: dive
 *                  may delete it), ADOPTED (it existed before dive: dive never deletes it)
 * @param dependsOn addresses it depended on when applied: destroy goes in reverse of these
 * @param server    the server it lives on (a name from the manifest's {@code servers:}), or null for
 *                  its provider's default server
 */
public record StateEntry(String type, String name, String provider, Status status, ObjectNode attributes,
                         List<String> dependsOn, boolean preventDestroy, String server) {

    /** On its provider's default server. */
    public StateEntry(String type, String name, String provider, Status status, ObjectNode attributes,
                      List<String> dependsOn, boolean preventDestroy) {
        this(type, name, provider, status, attributes, dependsOn, preventDestroy, null);
    }

    /** An entry the manifest did not protect with prevent_destroy. */
    public StateEntry(String type, String name, String provider, Status status, ObjectNode attributes, List<String> dependsOn) {
        this(type, name, provider, status, attributes, dependsOn, false);
    }

    public enum Status { CREATING, CREATED, ADOPTED }

    public String address() {
        return type + "." + name;
    }

    public boolean ownedByDive() {
        return status != Status.ADOPTED;
    }
}
