package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ResourceRef;
import java.util.Map;
import java.util.Set;

/**
 * {@code identity_provider.REALM/ALIAS}: an identity provider a realm's users log in through that is not
 * one side of a dive link (an external OIDC or SAML IdP, a social login). Attributes are
 * IdentityProviderRepresentation fields: {@code providerId} (required: {@code oidc}, {@code keycloak-oidc},
 * {@code saml}, {@code github}...), {@code enabled}, {@code displayName}, {@code trustEmail},
 * {@code firstBrokerLoginFlowAlias}, {@code config} (values as text; only the settings declared are
 * compared) whose {@code clientSecret} is a secret reference: Keycloak shows it masked, so it is set on
 * create and whenever its fingerprint changes, as a user's password. Read with the realm's identity
 * providers (one list). Its mappers: {@code idp_mapper}.
 */
final class IdentityProviderKind extends KeycloakKind {

    static final String TYPE = "identity_provider";

    IdentityProviderKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> sensitive() {
        return Set.of("/config/clientSecret");
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        if (!address.name().contains("/") || address.leafName().isEmpty() || address.leafName().contains("/")) {
            throw new InvalidAttributeException("", "an identity provider's name is REALM/ALIAS, e.g. identity_provider.dive-v3-broker-usa/partner-oidc");
        }
        checkTypedWithConfig(desired, org.keycloak.representations.idm.IdentityProviderRepresentation.class, "identity provider",
                Map.of("alias", "the alias is its address's last part", "internalId", "set by Keycloak"), "providerId", "oidc, keycloak-oidc, saml, github");
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak identity provider " + address.parentName() + "/" + address.leafName());
    }

    /** Config values as the text Keycloak keeps. */
    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        return withConfigTexts(desired);
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = realmNeeds(ref, needs, single);
        if (single) {
            n.onlyIdps.add(ref.address().leafName());
        } else {
            n.idps = true;
        }
    }

    /** As listed, without the masked client secret: the fingerprint dive recorded stands in for it. */
    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        JsonNode idp = s == null ? null : s.idps.get(ref.address().leafName());
        if (idp == null) {
            return null;
        }
        ObjectNode o = idp.deepCopy();
        if (o.path("config").path("clientSecret").asText("").startsWith("**")) {
            ((ObjectNode) o.get("config")).remove("clientSecret");
        }
        return o;
    }

    @Override
    public void create(ApplyRequest r) {
        ObjectNode body = (ObjectNode) normalize(r.address(), r.desired());
        body.put("alias", r.address().leafName());
        provider.api(r.server()).createIdentityProvider(r.address().parentName(), body);
    }

    @Override
    public void update(ApplyRequest r) {
        ObjectNode body = merge(r.prior(), normalize(r.address(), r.desired()));
        ObjectNode config = mergedConfig(r.prior(), body);
        if (!r.desired().path("config").has("clientSecret")) {
            // What was read holds no secret (masked, or dive's fingerprint of it): Keycloak's mask keeps the one it has.
            config.put("clientSecret", "**********");
        }
        body.set("config", config);
        body.put("alias", r.address().leafName());
        provider.api(r.server()).updateIdentityProvider(r.address().parentName(), r.address().leafName(), body);
    }

    @Override
    public void delete(ApplyRequest r) {
        provider.api(r.server()).deleteIdentityProvider(r.address().parentName(), r.address().leafName());
    }
}
