package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/**
 * One resource type of a provider. The engine owns ordering, parallelism, diffing and state; a kind
 * only knows how to read, create, update and delete objects of its type.
 */
public interface ResourceKind {

    /** The address type, e.g. {@code user}. */
    String type();

    /**
     * Checks declared attributes, contacting nothing: unknown fields, wrong types, missing required
     * ones. {@code dive validate} and every plan run it, so validate is as strict as plan. Pure.
     *
     * @throws InvalidAttributeException naming the field (a JSON Pointer within the attributes)
     */
    default void validate(Address address, JsonNode desired) {
    }

    /**
     * Rewrites desired attributes into the shape {@link #read} produces, so that server defaults and
     * derived values compare equal (e.g. a link's claim list becomes the four mapper sets it creates).
     * Pure: no I/O.
     */
    default JsonNode normalize(Address address, JsonNode desired) {
        return desired;
    }

    /** Top-level attribute names whose change cannot be done in place and forces a replace. */
    default Set<String> replaceOn() {
        return Set.of();
    }

    /**
     * JSON Pointers (RFC 6901) of the attributes whose values are secrets, e.g. {@code /secret} or
     * {@code /config/saml.signing.private.key}. The engine replaces their values, desired (literal or
     * from a secret reference) and observed, by keyed fingerprints before anything is compared,
     * stored or shown.
     */
    default Set<String> sensitive() {
        return Set.of();
    }

    /**
     * Whether recreating this resource takes its dependents with it (a Keycloak realm's users go when
     * the realm goes), so that they must be recreated too. A container's dependents merely reconnect.
     */
    default boolean replacementDestroysDependents() {
        return false;
    }

    /**
     * The server objects this resource stands for, each as a string unique on its server, as the
     * server compares names ({@code user dive-v3-broker-usa/alice}: Keycloak ignores a username's
     * case). Two resources of a topology with a common identity are an error; a resource leaving state
     * with the identity of one arriving is the same object renamed. Called with the manifest's
     * attributes and with what state recorded. Pure.
     */
    default Set<String> identities(Address address, JsonNode attributes) {
        return Set.of();
    }

    /**
     * The IDs {@code dive import ADDR ID} accepts for the object this resource stands for, as observed: by
     * default its name, the name within its parent (after the first {@code /}, also with a leading
     * {@code /}: a group's path {@code analysts/fra} or {@code /analysts/fra}, a client role's
     * {@code app/admin}), the last part of it, its identities, and the server's own id (a Keycloak uuid, a
     * Docker id; an id may be given by a prefix of 12 characters or more). A kind whose objects are named
     * otherwise says so here. Pure.
     */
    default Set<String> importIds(Address address, JsonNode observed) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        ids.add(address.name());
        int parent = address.name().indexOf('/');
        if (parent > 0) {
            ids.add(address.name().substring(parent + 1));
            ids.add(address.name().substring(parent));
        }
        ids.add(address.name().substring(address.name().lastIndexOf('/') + 1));
        ids.addAll(identities(address, observed));
        if (observed != null && observed.path("id").isTextual()) {
            ids.add(observed.get("id").asText());
        }
        return ids;
    }

    /** Addresses this resource needs before it can exist (e.g. a user needs its realm). */
    default Set<Address> dependencies(Address address, JsonNode desired) {
        return Set.of();
    }

    /**
     * For a kind whose resource is several server objects, some of which may have existed before dive
     * (adopted parts, never deleted by it): what a delete leaves, said in the plan. Null when a delete
     * removes everything it observed.
     */
    default String deletionNote(JsonNode observed) {
        return null;
    }

    /**
     * Whether this kind's objects say themselves which of their parts dive made (a link marks its IdPs
     * and clients). Then the engine records even a resource that existed in part before dive as dive's,
     * since the kind's delete removes only dive's parts and leaves the adopted ones.
     */
    default boolean partsKnowTheirMaker() {
        return false;
    }

    /** Re-reads one resource after it was applied; null when it does not exist. */
    JsonNode read(ResourceRef ref);

    void create(ApplyRequest request);

    void update(ApplyRequest request);

    void delete(ApplyRequest request);

    /**
     * Blocks until dependents may start (e.g. a container is healthy). Throws
     * {@link ProviderException} naming what it waited for when the timeout passes.
     */
    default void awaitReady(ApplyRequest request, Duration timeout) {
    }

    /**
     * The resource whose server this one lives on, when it is part of it (a user of its realm, a
     * link of its hub's realm), or null. A resource that names no {@code server:} takes that one's.
     */
    default Address livesWith(Address address, JsonNode desired) {
        return null;
    }

    /**
     * Whether a resource of this kind can run a server that a manifest's {@code servers:} entry names
     * with {@code runs_on} (a container can; a realm cannot).
     */
    default boolean runsServers() {
        return false;
    }

    /**
     * Whether the resource, as observed, is running: a server that {@code runs_on} it can be reached.
     * Only asked of kinds that {@link #runsServers()}.
     */
    default boolean running(JsonNode observed) {
        return observed != null;
    }
}
