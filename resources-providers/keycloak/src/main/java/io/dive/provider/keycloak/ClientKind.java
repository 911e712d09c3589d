package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceRef;
import java.util.List;
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
        return Set.of("/secret");
    }

    @Override
    Set<Address> alsoNeeds(Address address, JsonNode desired) {
        // The client scopes it names that the topology makes (the others are Keycloak's own).
        Set<Address> deps = new java.util.HashSet<>();
        for (String list : SCOPE_LISTS) {
            for (String scope : LinkShape.names(desired.path(list))) {
                deps.add(new Address("client_scope", address.parentName() + "/" + scope));
            }
        }
        return deps;
    }

    /** The client scopes a client has: Keycloak takes them on create and ignores them in a client's PUT. */
    static final List<String> SCOPE_LISTS = List.of("defaultClientScopes", "optionalClientScopes");

    @Override
    public void validate(Address address, JsonNode desired) {
        Representations.checkFields(desired, org.keycloak.representations.idm.ClientRepresentation.class, "client");
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak client " + address.parentName() + "/" + address.leafName());
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        return sortedScopes(desired);
    }

    /** Scope lists as sets: Keycloak does not keep their order. */
    private static JsonNode sortedScopes(JsonNode client) {
        ObjectNode c = client.deepCopy();
        for (String list : SCOPE_LISTS) {
            if (c.has(list)) {
                c.set(list, RealmKind.sorted(c.get(list)));
            }
        }
        return c;
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = needs.need(ref.server(), ref.address().parentName());
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
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        JsonNode c = s == null ? null : s.clients.get(ref.address().leafName());
        if (c == null) {
            return null;
        }
        ObjectNode o = (ObjectNode) sortedScopes(c);
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
        provider.api(r.server()).createClient(r.address().parentName(), body);
    }

    @Override
    public void update(ApplyRequest r) {
        String id = serverId(r, "client");
        String realm = r.address().parentName();
        JsonNode current = provider.api(r.server()).client(realm, id);
        if (current == null) {
            throw new ProviderException("GET /admin/realms/" + realm + "/clients/" + id + ": client " + r.address().leafName()
                    + " vanished during the update");
        }
        provider.api(r.server()).updateClient(realm, id, merge(current, r.desired()));
        for (String list : SCOPE_LISTS) {
            if (r.changed().contains(list)) {
                setScopes(r.server(), realm, id, r.address().leafName(), list.startsWith("default") ? "default" : "optional", current.path(list),
                        r.desired().path(list));
            }
        }
    }

    /** Gives and takes client scopes (by name) until the client has exactly the wanted ones of this kind. */
    private void setScopes(String server, String realm, String clientId, String clientName, String kind, JsonNode has, JsonNode wanted) {
        Set<String> have = new java.util.TreeSet<>(LinkShape.names(has));
        Set<String> want = new java.util.TreeSet<>(LinkShape.names(wanted));
        Map<String, String> ids = new java.util.HashMap<>();
        JsonNode scopes = provider.api(server).clientScopes(realm);
        for (JsonNode sc : scopes == null ? JSON.createArrayNode() : scopes) {
            ids.put(sc.path("name").asText(), sc.path("id").asText());
        }
        for (String name : have) {
            if (!want.contains(name) && ids.containsKey(name)) {
                provider.api(server).setClientScope(realm, clientId, kind, ids.get(name), false);
            }
        }
        for (String name : want) {
            if (!have.contains(name)) {
                String scopeId = ids.get(name);
                if (scopeId == null) {
                    throw new ProviderException("client " + clientName + " in realm " + realm + ": no client scope named " + name);
                }
                provider.api(server).setClientScope(realm, clientId, kind, scopeId, true);
            }
        }
    }

    @Override
    public void delete(ApplyRequest r) {
        provider.api(r.server()).deleteClient(r.address().parentName(), serverId(r, "client"));
    }

}
