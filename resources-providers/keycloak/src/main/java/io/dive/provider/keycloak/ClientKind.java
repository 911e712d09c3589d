package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceRef;
import java.util.Map;
import java.util.Set;

/**
 * {@code client.REALM/CLIENT_ID}. Attributes are ClientRepresentation fields ({@code enabled},
 * {@code publicClient}, {@code redirectUris}, {@code webOrigins}, {@code standardFlowEnabled},
 * {@code secret}...). The secret is sensitive: compared by fingerprint, never stored.
 */
final class ClientKind extends KeycloakKind {

    ClientKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return "client";
    }

    @Override
    public Set<String> sensitive() {
        return Set.of("secret");
    }

    @Override
    public Set<Address> dependencies(Address address, JsonNode desired) {
        return Set.of(new Address("realm", address.parentName()));
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        Representations.checkFields(desired, org.keycloak.representations.idm.ClientRepresentation.class, "client");
        return desired;
    }

    @Override
    void declareNeeds(ResourceRef ref, Map<String, RealmSnapshot.Needs> needs, boolean single) {
        RealmSnapshot.Needs n = needs(needs, ref.address().parentName());
        n.single |= single;
        if (single) {
            n.onlyClients.add(ref.address().leafName());
        } else {
            n.clients = true;
        }
        if (ref.desired() != null && ref.desired().has("secret")) {
            n.secretsOf.add(ref.address().leafName());
        }
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, Map<String, RealmSnapshot> snapshots) {
        RealmSnapshot s = snapshots.get(ref.address().parentName());
        JsonNode c = s == null ? null : s.clients.get(ref.address().leafName());
        if (c == null) {
            return null;
        }
        ObjectNode o = c.deepCopy();
        o.remove("secret");
        String secret = s.clientSecrets.get(ref.address().leafName());
        if (secret != null && !secret.isEmpty()) {
            o.put("secret", secret);
        }
        return o;
    }

    @Override
    public void create(ApplyRequest r) {
        ObjectNode body = merge(null, r.desired());
        body.put("clientId", r.address().leafName());
        provider.api().createClient(r.address().parentName(), body);
    }

    @Override
    public void update(ApplyRequest r) {
        String id = serverId(r, "client");
        String realm = r.address().parentName();
        JsonNode current = provider.api().client(realm, id);
        if (current == null) {
            throw new ProviderException("GET /admin/realms/" + realm + "/clients/" + id + ": client " + r.address().leafName()
                    + " vanished during the update");
        }
        provider.api().updateClient(realm, id, merge(current, r.desired()));
    }

    @Override
    public void delete(ApplyRequest r) {
        provider.api().deleteClient(r.address().parentName(), serverId(r, "client"));
    }

}
