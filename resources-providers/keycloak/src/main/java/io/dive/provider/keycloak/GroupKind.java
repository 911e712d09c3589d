package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceRef;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code user_group.REALM/NAME} and, nested, {@code user_group.REALM/PARENT/NAME}: a Keycloak group and its
 * subgroups (a subgroup depends on its parent, which it is made under). Named user_group, not group: a group
 * of a realm's users (and the test kit's in-memory provider has a {@code group} type of its own). Attributes: {@code attributes} (name to a
 * list of values, compared as sets). The realm's whole group tree is read a level at a time
 * ({@link GroupTree}).
 */
final class GroupKind extends KeycloakKind {

    /** Fields Keycloak sets or that other resources manage (members, role mappings). */
    private static final Set<String> NOT_DECLARED = Set.of("id", "name", "path", "parentId", "subGroups", "subGroupCount", "realmRoles",
            "clientRoles", "access");

    static final String TYPE = "user_group";

    GroupKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return TYPE;
    }

    static String path(Address a) {
        return "/" + a.leafName();
    }

    @Override
    Set<Address> alsoNeeds(Address address, JsonNode desired) {
        Set<Address> out = new LinkedHashSet<>();
        String leaf = address.leafName();
        if (leaf.contains("/")) {
            out.add(new Address(TYPE, address.parentName() + "/" + leaf.substring(0, leaf.lastIndexOf('/'))));
        }
        return out;
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        if (!address.name().contains("/") || address.leafName().isEmpty() || address.leafName().endsWith("/")) {
            throw new InvalidAttributeException("", "a user_group's name is REALM/GROUP (or REALM/PARENT/GROUP for a subgroup)");
        }
        Representations.checkFields(desired, org.keycloak.representations.idm.GroupRepresentation.class, "group");
        for (String f : NOT_DECLARED) {
            if (desired.has(f)) {
                throw new InvalidAttributeException("/" + f, f.equals("name") || f.equals("path") ? "a group's name and path are its address"
                        : "set by Keycloak, or not managed by dive's group");
            }
        }
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak group " + address.parentName() + path(address));
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        return withValueSets(desired);
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        realmNeeds(ref, needs, single).groups = true;
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        JsonNode g = s == null ? null : s.groups.get(path(ref.address()));
        if (g == null) {
            return null;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("id", g.path("id").asText());
        o.put("path", g.path("path").asText());
        o.set("attributes", valueSets(g.path("attributes")));
        return o;
    }

    @Override
    public void create(ApplyRequest r) {
        String realm = r.address().parentName();
        String leaf = r.address().leafName();
        String parentId = null;
        if (leaf.contains("/")) {
            String parentPath = "/" + leaf.substring(0, leaf.lastIndexOf('/'));
            JsonNode parent = provider.api(r.server()).groupByPath(realm, parentPath);
            if (parent == null) {
                throw new ProviderException("group " + parentPath + " in realm " + realm + " does not exist: a subgroup is made under its parent;"
                        + " declare " + TYPE + "." + realm + parentPath);
            }
            parentId = parent.path("id").asText();
        }
        ObjectNode body = merge(null, r.desired());
        body.put("name", leaf.substring(leaf.lastIndexOf('/') + 1));
        provider.api(r.server()).createGroup(realm, parentId, body);
    }

    @Override
    public void update(ApplyRequest r) {
        String leaf = r.address().leafName();
        ObjectNode body = merge(r.prior(), r.desired(), "path");
        body.put("name", leaf.substring(leaf.lastIndexOf('/') + 1));
        provider.api(r.server()).updateGroup(r.address().parentName(), serverId(r, "group"), body);
    }

    @Override
    public void delete(ApplyRequest r) {
        // A parent's delete takes its subgroups with it: theirs then finds them gone, which is done.
        provider.api(r.server()).deleteGroup(r.address().parentName(), serverId(r, "group"));
    }
}
