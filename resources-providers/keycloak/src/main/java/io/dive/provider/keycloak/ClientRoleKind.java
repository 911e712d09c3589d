package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ResourceRef;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code client_role.REALM/CLIENT_ID/ROLE}: a role of a client (it depends on the client when the manifest
 * declares it). Attributes as a realm role's: {@code description}, {@code attributes} (values as sets). A
 * client's roles are read in one request per client that has declared roles, after the realm's clients.
 */
final class ClientRoleKind extends KeycloakKind {

    ClientRoleKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return "client_role";
    }

    static String clientId(Address a) {
        return a.leafName().substring(0, a.leafName().lastIndexOf('/'));
    }

    static String role(Address a) {
        return a.leafName().substring(a.leafName().lastIndexOf('/') + 1);
    }

    @Override
    Set<Address> alsoNeeds(Address address, JsonNode desired) {
        Set<Address> out = new LinkedHashSet<>();
        out.add(new Address("client", address.parentName() + "/" + clientId(address)));
        return out;
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        if (address.leafName().indexOf('/') < 1 || address.leafName().endsWith("/")) {
            throw new InvalidAttributeException("", "a client role's name is REALM/CLIENT_ID/ROLE");
        }
        RoleFields.validate(desired, "client role");
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak client role " + address.parentName() + "/" + address.leafName());
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        return withValueSets(desired);
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = realmNeeds(ref, needs, single);
        if (single) {
            n.onlyClients.add(clientId(ref.address()));
        } else {
            n.clients = true;
        }
        n.clientRolesOf.add(clientId(ref.address()));
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        JsonNode role = s == null ? null : s.clientRoles.get(ref.address().leafName());
        return RoleFields.observed(role);
    }

    private String clientUuid(ApplyRequest r) {
        return clientUuid(provider, r, clientId(r.address()), "client role");
    }

    @Override
    public void create(ApplyRequest r) {
        ObjectNode body = merge(null, r.desired());
        body.put("name", role(r.address()));
        provider.api(r.server()).createClientRole(r.address().parentName(), clientUuid(r), body);
    }

    @Override
    public void update(ApplyRequest r) {
        ObjectNode body = merge(r.prior(), r.desired());
        body.put("name", role(r.address()));
        provider.api(r.server()).updateClientRole(r.address().parentName(), clientUuid(r), role(r.address()), body);
    }

    @Override
    public void delete(ApplyRequest r) {
        JsonNode found = provider.api(r.server()).clientsByClientId(r.address().parentName(), clientId(r.address()));
        if (found != null && !found.isEmpty()) { // a client's delete takes its roles with it
            provider.api(r.server()).deleteClientRole(r.address().parentName(), found.get(0).path("id").asText(), role(r.address()));
        }
    }
}
