package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiFunction;

/**
 * A capability a {@link Provider} may add: what the objects of a Terraform provider's state are to dive,
 * for {@code dive import --from-terraform}. A Terraform object maps to the identity of the server object
 * it is ({@link ResourceKind#identities}: {@code keycloak client REALM/CLIENT_ID}); the engine finds the
 * declared resource with that identity and imports it. Several Terraform objects may be parts of one
 * resource (a realm and its user profile; a link's identity providers, clients and mappers). Pure: no I/O.
 */
public interface TerraformTypes {

    /** Whether this provider reads objects of this Terraform type ({@code keycloak_realm}). */
    boolean handles(String terraformType);

    /**
     * @param attributes the object's attributes in the state
     * @param byId       another object of the same state by type and id ({@code keycloak_openid_client}, a
     *                   uuid), or null: a mapper names its client by id
     */
    Mapping map(String terraformType, JsonNode attributes, BiFunction<String, String, JsonNode> byId);

    /**
     * @param identity the server object it is (or the one it is part of); null when dive cannot map it
     * @param why      when unmapped, why (dive has no kind for it yet); when a part, what it is part of
     * @param serverId the server's own id of the object that the state records (a Keycloak uuid), or null:
     *                 the object found by identity must have it, or it is not the object Terraform made
     * @param orElse   what the object is when the manifest declares no resource of {@code identity} (an
     *                 identity provider's mapper is an idp_mapper where one is declared, else a part of the
     *                 link that makes the identity provider), or null
     */
    record Mapping(String identity, String why, String serverId, Mapping orElse) {
        public Mapping(String identity, String why) {
            this(identity, why, null, null);
        }

        /** This mapping, or {@code other} where the manifest declares nothing of this identity. */
        public Mapping orElse(Mapping other) {
            return new Mapping(identity, why, serverId, other);
        }

        public static Mapping of(String identity) {
            return new Mapping(identity, null);
        }

        /** The object the state names by the server's id: the import requires the id to match. */
        public static Mapping of(String identity, String serverId) {
            return new Mapping(identity, null, serverId == null || serverId.isBlank() ? null : serverId, null);
        }

        public static Mapping partOf(String identity, String what) {
            return new Mapping(identity, what);
        }

        public static Mapping unmapped(String why) {
            return new Mapping(null, why);
        }
    }
}
