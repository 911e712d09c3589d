package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ResourceRef;
import java.util.Set;

/**
 * {@code role.REALM/NAME}: a realm role. Attributes are RoleRepresentation fields: {@code description}
 * and {@code attributes} (name to a list of values). Which roles it is made of (composites) is not
 * declared here. Keycloak makes some with every realm ({@code offline_access}, {@code uma_authorization},
 * {@code default-roles-REALM}): declared in the apply that creates the realm, they are adopted and brought
 * to the manifest, never failed with "already exists". The realm's roles are read in one request.
 */
final class RoleKind extends KeycloakKind {

    RoleKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return "role";
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        if (!address.name().contains("/")) {
            throw new InvalidAttributeException("", "a role's name is REALM/ROLE, e.g. role.dive-v3-broker-usa/dive-admin");
        }
        RoleFields.validate(desired, "role");
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak role " + address.parentName() + "/" + address.leafName());
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        return withValueSets(desired);
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        realmNeeds(ref, needs, single).roles = true;
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        JsonNode role = s == null ? null : s.roles.get(ref.address().leafName());
        return RoleFields.observed(role);
    }

    @Override
    public void create(ApplyRequest r) {
        ObjectNode body = merge(null, r.desired());
        body.put("name", r.address().leafName());
        provider.api(r.server()).createRealmRole(r.address().parentName(), body);
    }

    @Override
    public void update(ApplyRequest r) {
        ObjectNode body = merge(r.prior(), r.desired());
        body.put("name", r.address().leafName());
        provider.api(r.server()).updateRealmRole(r.address().parentName(), r.address().leafName(), body);
    }

    @Override
    public void delete(ApplyRequest r) {
        provider.api(r.server()).deleteRealmRole(r.address().parentName(), r.address().leafName());
    }
}
