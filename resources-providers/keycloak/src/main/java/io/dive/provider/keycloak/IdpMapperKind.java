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
 * {@code idp_mapper.REALM/ALIAS/NAME}: a mapper of an identity provider the manifest declares as
 * {@code identity_provider.REALM/ALIAS} (a link's IdPs carry the link's own claim mappers, which the link
 * keeps: {@link KeycloakProvider#checkBindings} refuses a mapper on a link's IdP). Attributes:
 * {@code identityProviderMapper} (its type, e.g. {@code oidc-user-attribute-idp-mapper},
 * {@code hardcoded-attribute-idp-mapper}) and {@code config} (values as text; only the settings declared
 * are compared). Read one request per identity provider that has declared mappers.
 */
final class IdpMapperKind extends KeycloakKind {

    static final String TYPE = "idp_mapper";

    IdpMapperKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The alias of the mapper's identity provider. */
    static String alias(Address a) {
        return ClientRoleKind.clientId(a);
    }

    @Override
    Set<Address> alsoNeeds(Address address, JsonNode desired) {
        Set<Address> out = new LinkedHashSet<>();
        out.add(new Address(IdentityProviderKind.TYPE, address.parentName() + "/" + alias(address)));
        return out;
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        if (address.leafName().indexOf('/') < 1 || address.leafName().endsWith("/")) {
            throw new InvalidAttributeException("", "an identity provider mapper's name is REALM/ALIAS/NAME, e.g. idp_mapper.dive-v3-broker-usa/partner-oidc/clearance");
        }
        String byAddress = "given by the address: REALM/ALIAS/NAME";
        checkTypedWithConfig(desired, org.keycloak.representations.idm.IdentityProviderMapperRepresentation.class, "identity provider mapper",
                Map.of("id", "set by Keycloak", "name", byAddress, "identityProviderAlias", byAddress), "identityProviderMapper", "oidc-user-attribute-idp-mapper");
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak identity provider mapper " + address.parentName() + "/" + address.leafName());
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        return withConfigTexts(desired);
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = realmNeeds(ref, needs, single);
        if (single) {
            n.onlyIdps.add(alias(ref.address()));
        } else {
            n.idps = true;
        }
        n.idpMappersOf.add(alias(ref.address()));
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        JsonNode mappers = s == null ? null : s.idpMappers.get(alias(ref.address()));
        for (JsonNode m : mappers == null ? JSON.createArrayNode() : mappers) {
            if (m.path("name").asText().equals(ClientRoleKind.role(ref.address()))) {
                return m.deepCopy();
            }
        }
        return null;
    }

    private ObjectNode body(ApplyRequest r) {
        ObjectNode body = (ObjectNode) normalize(r.address(), r.desired());
        body.put("name", ClientRoleKind.role(r.address()));
        body.put("identityProviderAlias", alias(r.address()));
        return body;
    }

    @Override
    public void create(ApplyRequest r) {
        provider.api(r.server()).createIdentityProviderMapper(r.address().parentName(), alias(r.address()), body(r));
    }

    @Override
    public void update(ApplyRequest r) {
        String id = serverId(r, "identity provider mapper");
        ObjectNode body = body(r);
        body.set("config", mergedConfig(r.prior(), body));
        body.put("id", id);
        provider.api(r.server()).updateIdentityProviderMapper(r.address().parentName(), alias(r.address()), id, body);
    }

    @Override
    public void delete(ApplyRequest r) {
        // An identity provider's delete takes its mappers: a 404 here is done.
        provider.api(r.server()).deleteIdentityProviderMapper(r.address().parentName(), alias(r.address()), serverId(r, "identity provider mapper"));
    }
}
