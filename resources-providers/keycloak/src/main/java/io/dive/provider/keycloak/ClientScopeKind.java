package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceRef;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code client_scope.REALM/NAME}: a client scope. Attributes are ClientScopeRepresentation fields
 * ({@code description}, {@code protocol}, default openid-connect, {@code attributes}) plus two of
 * dive's: {@code claims}, user attributes the scope puts into tokens (one attribute mapper each,
 * e.g. DIVE's clearance, countryOfAffiliation and acpCOI for every client of a realm), and
 * {@code realmDefault}: {@code default}, {@code optional} or {@code none}, whether the realm gives the
 * scope to the clients created in it.
 */
final class ClientScopeKind extends KeycloakKind {

    static final String CLAIMS = "claims";
    static final String REALM_DEFAULT = "realmDefault";

    ClientScopeKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return "client_scope";
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        Representations.checkFields(desired, org.keycloak.representations.idm.ClientScopeRepresentation.class, "client scope", CLAIMS, REALM_DEFAULT);
        if (desired.has("protocolMappers")) {
            // Keycloak's representation has the field, but a client scope's update does not apply it: it would
            // validate, plan, and then fail on every apply.
            throw new io.dive.spi.InvalidAttributeException("/protocolMappers", "a client scope's mappers are not set through protocolMappers:"
                    + " name the user attributes it carries in " + CLAIMS + " (one user-attribute mapper each)");
        }
        KeycloakKind.requireNames(desired, CLAIMS, "user attribute names");
        if (desired.has(REALM_DEFAULT) && !Set.of("default", "optional", "none").contains(desired.get(REALM_DEFAULT).asText())) {
            throw new io.dive.spi.InvalidAttributeException("/" + REALM_DEFAULT, "expected default, optional or none");
        }
    }

    /** Each claim's mapper as dive makes it: its type and whole config, compared like any field. */
    static final String MAPPER_SETTINGS = "mapper_settings";

    @Override
    public java.util.Set<String> identities(Address address, JsonNode attributes) {
        return java.util.Set.of("keycloak client scope " + address.parentName() + "/" + address.leafName());
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        ObjectNode d = desired.deepCopy();
        if (d.has(CLAIMS)) {
            d.set(CLAIMS, RealmKind.sorted(d.get(CLAIMS)));
            ObjectNode settings = d.putObject(MAPPER_SETTINGS);
            d.get(CLAIMS).forEach(c -> settings.set(c.asText(), LinkShape.mapperSettings(claimMapper(c.asText()), "protocolMapper")));
        }
        return d;
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = realmNeeds(ref, needs, single);
        n.clientScopes = true;
        JsonNode shape = ref.desired() != null ? ref.desired() : ref.recorded();
        n.scopeDefaults |= shape != null && shape.has(REALM_DEFAULT);
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        JsonNode scope = s == null ? null : s.clientScopes.get(ref.address().leafName());
        if (scope == null) {
            return null;
        }
        ObjectNode o = scope.deepCopy();
        ArrayNode claims = o.putArray(CLAIMS);
        ObjectNode settings = JSON.createObjectNode();
        for (JsonNode m : scope.path("protocolMappers")) {
            if (LinkShape.CLIENT_MAPPER.equals(m.path("protocolMapper").asText())) {
                claims.add(m.path("config").path("claim.name").asText());
                settings.set(m.path("config").path("claim.name").asText(), LinkShape.mapperSettings(m, "protocolMapper"));
            }
        }
        o.set(MAPPER_SETTINGS, settings);
        o.set(CLAIMS, RealmKind.sorted(claims));
        o.remove("protocolMappers");
        o.put(REALM_DEFAULT, s.scopeDefaults.getOrDefault(ref.address().leafName(), "none"));
        return o;
    }

    @Override
    public void create(ApplyRequest r) {
        String realm = r.address().parentName();
        ObjectNode body = merge(null, r.desired(), CLAIMS, REALM_DEFAULT, MAPPER_SETTINGS);
        body.put("name", r.address().leafName());
        if (!body.has("protocol")) {
            body.put("protocol", "openid-connect");
        }
        ArrayNode mappers = body.putArray("protocolMappers");
        r.desired().path(CLAIMS).forEach(c -> mappers.add(claimMapper(c.asText())));
        String id = provider.api(r.server()).createClientScope(realm, body);
        setRealmDefault(r.server(), realm, id, "none", r.desired().path(REALM_DEFAULT).asText("none"));
    }

    @Override
    public void update(ApplyRequest r) {
        String realm = r.address().parentName();
        String id = serverId(r, "client scope");
        Set<String> fields = new TreeSet<>(r.changed());
        fields.remove(CLAIMS);
        fields.remove(REALM_DEFAULT);
        fields.remove(MAPPER_SETTINGS);
        if (!fields.isEmpty()) {
            ObjectNode body = merge(r.prior(), r.desired(), CLAIMS, REALM_DEFAULT, MAPPER_SETTINGS, "protocolMappers");
            provider.api(r.server()).updateClientScope(realm, id, body);
        }
        if (r.changed().contains(CLAIMS) || r.changed().contains(MAPPER_SETTINGS)) {
            JsonNode current = provider.api(r.server()).clientScopes(realm);
            JsonNode mine = null;
            for (JsonNode c : current == null ? JSON.createArrayNode() : current) {
                mine = c.path("id").asText().equals(id) ? c : mine;
            }
            syncMappers(mine == null ? null : mine.path("protocolMappers"), m -> LinkShape.CLIENT_MAPPER.equals(m.path("protocolMapper").asText()),
                    m -> m.path("config").path("claim.name").asText(),
                    m -> LinkShape.sameSettings(m, claimMapper(m.path("config").path("claim.name").asText()), "protocolMapper"),
                    LinkShape.names(r.desired().path(CLAIMS)),
                    mapperId -> provider.api(r.server()).deleteClientScopeMapper(realm, id, mapperId),
                    claim -> provider.api(r.server()).createClientScopeMapper(realm, id, claimMapper(claim)));
        }
        if (r.changed().contains(REALM_DEFAULT)) {
            setRealmDefault(r.server(), realm, id, r.prior().path(REALM_DEFAULT).asText("none"), r.desired().path(REALM_DEFAULT).asText("none"));
        }
    }

    @Override
    public void delete(ApplyRequest r) {
        // Keycloak also drops it from the realm's default and optional lists.
        provider.api(r.server()).deleteClientScope(r.address().parentName(), serverId(r, "client scope"));
    }

    private void setRealmDefault(String server, String realm, String id, String was, String wanted) {
        if (was.equals(wanted)) {
            return;
        }
        if (!was.equals("none")) {
            provider.api(server).removeRealmDefaultScope(realm, was, id);
        }
        if (!wanted.equals("none")) {
            provider.api(server).addRealmDefaultScope(realm, wanted, id);
        }
    }
}
