package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ResourceRef;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code protocol_mapper.REALM/CLIENT_ID/NAME}: a protocol mapper of a client (it depends on the client
 * when the manifest declares it): {@code protocolMapper} (its type, e.g. {@code oidc-usermodel-attribute-mapper}),
 * {@code protocol} ({@code openid-connect} unless given) and {@code config} (name: value; Keycloak keeps
 * text, and only the settings declared are compared). Read with the realm's clients, which list their
 * mappers: no request of its own. A link's broker clients carry the link's claim mappers: declare other
 * mappers there under other names.
 */
final class ProtocolMapperKind extends KeycloakKind {

    static final String TYPE = "protocol_mapper";

    ProtocolMapperKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    Set<Address> alsoNeeds(Address address, JsonNode desired) {
        Set<Address> out = new LinkedHashSet<>();
        out.add(new Address("client", address.parentName() + "/" + ClientRoleKind.clientId(address)));
        return out;
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        if (address.leafName().indexOf('/') < 1 || address.leafName().endsWith("/")) {
            throw new InvalidAttributeException("", "a protocol mapper's name is REALM/CLIENT_ID/NAME, e.g. protocol_mapper.dive-v3-broker-usa/dive-v3-frontend/clearance");
        }
        checkTypedWithConfig(desired, org.keycloak.representations.idm.ProtocolMapperRepresentation.class, "protocol mapper",
                Map.of("id", "set by Keycloak", "name", "the mapper's name is its address's last part"), "protocolMapper", "oidc-usermodel-attribute-mapper");
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak protocol mapper " + address.parentName() + "/" + address.leafName());
    }

    /** The protocol openid-connect unless given; config values as the text Keycloak keeps. */
    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        ObjectNode d = withConfigTexts(desired);
        if (!d.has("protocol")) {
            d.put("protocol", "openid-connect");
        }
        return d;
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = realmNeeds(ref, needs, single);
        if (single) {
            n.onlyClients.add(ClientRoleKind.clientId(ref.address()));
        } else {
            n.clients = true;
        }
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        JsonNode client = s == null ? null : s.clients.get(ClientRoleKind.clientId(ref.address()));
        if (client == null) {
            return null;
        }
        for (JsonNode m : client.path("protocolMappers")) {
            if (m.path("name").asText().equals(ClientRoleKind.role(ref.address()))) {
                ObjectNode o = m.deepCopy();
                o.put("clientUuid", client.path("id").asText());
                return o;
            }
        }
        return null;
    }

    private ObjectNode body(ApplyRequest r) {
        ObjectNode body = (ObjectNode) normalize(r.address(), r.desired());
        body.put("name", ClientRoleKind.role(r.address()));
        return body;
    }

    private String clientUuid(ApplyRequest r) {
        return clientUuid(provider, r, ClientRoleKind.clientId(r.address()), "protocol mapper");
    }

    @Override
    public void create(ApplyRequest r) {
        provider.api(r.server()).createClientMapper(r.address().parentName(), clientUuid(r), body(r));
    }

    @Override
    public void update(ApplyRequest r) {
        String id = serverId(r, "protocol mapper");
        ObjectNode body = body(r);
        body.set("config", mergedConfig(r.prior(), body));
        body.put("id", id);
        String client = r.prior().path("clientUuid").asText("");
        provider.api(r.server()).updateClientMapper(r.address().parentName(), client.isEmpty() ? clientUuid(r) : client, id, body);
    }

    @Override
    public void delete(ApplyRequest r) {
        String client = r.prior() == null ? "" : r.prior().path("clientUuid").asText("");
        provider.api(r.server()).deleteClientMapper(r.address().parentName(), client.isEmpty() ? clientUuid(r) : client, serverId(r, "protocol mapper"));
    }
}
