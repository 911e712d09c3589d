package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ResourceRef;
import java.util.Set;

/**
 * {@code required_action.REALM/ALIAS}: a required action registered in a realm (CONFIGURE_TOTP,
 * UPDATE_PASSWORD, TERMS_AND_CONDITIONS, delete_account...), with {@code enabled}, {@code defaultAction}
 * (asked of every new user), {@code priority} and {@code config}. It exists once registered: create
 * registers the provider of that alias, delete unregisters it. Most come registered with every realm:
 * declared, those are adopted (in the apply that creates the realm too) and brought to the manifest.
 * All of a realm's are read in one request.
 */
final class RequiredActionKind extends KeycloakKind {

    RequiredActionKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return "required_action";
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        if (!address.name().contains("/")) {
            throw new InvalidAttributeException("", "a required action's name is REALM/ALIAS, e.g. required_action.dive-v3-broker-usa/CONFIGURE_TOTP");
        }
        Representations.checkFields(desired, org.keycloak.representations.idm.RequiredActionProviderRepresentation.class, "required action");
        for (String f : Set.of("alias", "providerId")) {
            if (desired.has(f)) {
                throw new InvalidAttributeException("/" + f, "a required action's alias (and provider) is its address's last part");
            }
        }
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak required action " + address.parentName() + "/" + address.leafName());
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        realmNeeds(ref, needs, single).requiredActions = true;
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        JsonNode a = s == null ? null : s.requiredActions.get(ref.address().leafName());
        return a == null ? null : a.deepCopy();
    }

    @Override
    public void create(ApplyRequest r) {
        String realm = r.address().parentName();
        String alias = r.address().leafName();
        provider.api(r.server()).registerRequiredAction(realm, alias, r.desired().path("name").asText(alias));
        // Registered as Keycloak defaults it; then as declared.
        update(new ApplyRequest(r.address(), r.action(), r.desired(), null, r.changed(), r.server(), r.lineage()));
    }

    @Override
    public void update(ApplyRequest r) {
        String realm = r.address().parentName();
        String alias = r.address().leafName();
        JsonNode current = r.prior();
        if (current == null) {
            RealmSnapshot.Needs n = new RealmSnapshot.Needs();
            n.single = true;
            n.requiredActions = true;
            current = RealmSnapshot.load(provider.api(r.server()), realm, n).requiredActions.get(alias);
        }
        ObjectNode body = merge(current, r.desired());
        body.put("alias", alias);
        if (!body.has("providerId")) {
            body.put("providerId", alias);
        }
        provider.api(r.server()).updateRequiredAction(realm, alias, body);
    }

    @Override
    public void delete(ApplyRequest r) {
        provider.api(r.server()).deleteRequiredAction(r.address().parentName(), r.address().leafName());
    }
}
