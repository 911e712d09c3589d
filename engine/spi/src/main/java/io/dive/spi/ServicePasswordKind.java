package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * A password kept inside a running service (a database role's, an admin's), which only the service can
 * change: a rotated secret is set there first, and the containers that log in with it depend on the
 * resource, so they are recreated only after. What the kinds share: a {@code password} attribute (a
 * secret), create and update both set it, and a delete forgets the resource and leaves the account.
 */
public abstract class ServicePasswordKind implements ResourceKind {

    private final String type;
    private final List<String> keys;
    private final String account;

    /**
     * @param keys    the attributes it takes, {@code password} among them
     * @param account what the password belongs to, for the plan's word on a delete ("the role")
     */
    protected ServicePasswordKind(String type, List<String> keys, String account) {
        this.type = type;
        this.keys = keys;
        this.account = account;
    }

    /** Sets the password the request carries inside the service (done already: nothing to do). */
    protected abstract void set(ApplyRequest request);

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Set<String> sensitive() {
        return Set.of("/password");
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        desired.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                throw new InvalidAttributeException("/" + k, "unknown attribute \"" + k + "\" (allowed: " + String.join(", ", keys) + ")");
            }
        });
        for (String k : keys) {
            if (desired.has(k) && !desired.get(k).isTextual()) {
                throw new InvalidAttributeException("/" + k, "expected a string");
            }
        }
        if (!desired.hasNonNull("password")) {
            throw new InvalidAttributeException("/password", "missing: the password, a secret reference such as ${secret:gcp:NAME}");
        }
    }

    @Override
    public final String deletionNote(JsonNode observed) {
        return account + " and its password stay";
    }

    @Override
    public final void create(ApplyRequest request) {
        set(request);
    }

    @Override
    public final void update(ApplyRequest request) {
        set(request);
    }

    /** Forgets the resource: the account stays (data may belong to it; dive may log in with it). */
    @Override
    public final void delete(ApplyRequest request) {
    }
}
