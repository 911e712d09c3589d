package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceRef;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code group_membership.REALM/PATH}: who is in a group ({@code user_group.REALM/PATH}), as
 * Terraform's keycloak_group_memberships: {@code users}, the usernames of its direct members, all of
 * them. A member added by hand is drift and is taken out; a user the list names is put in. A
 * membership is a kind of its own (not a field of user or group) so that it depends on both the group
 * and its users, is read one request per page of the group's members (never one per user), and can be
 * left out where members come from elsewhere (an identity provider's mapper). A group with no member
 * has no membership: delete removes the members, and an empty list is refused.
 */
final class GroupMembershipKind extends KeycloakKind {

    static final String TYPE = "group_membership";

    GroupMembershipKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    Set<Address> alsoNeeds(Address address, JsonNode desired) {
        Set<Address> out = new LinkedHashSet<>();
        out.add(new Address(GroupKind.TYPE, address.name()));
        desired.path("users").forEach(u -> out.add(new Address("user", address.parentName() + "/" + u.asText())));
        return out;
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        if (!address.name().contains("/") || address.leafName().isEmpty()) {
            throw new InvalidAttributeException("", "a group membership's name is its group's: REALM/GROUP or REALM/PARENT/GROUP");
        }
        desired.fieldNames().forEachRemaining(f -> {
            if (!f.equals("users")) {
                throw new InvalidAttributeException("/" + f, "unknown field; a group membership has users (the usernames of all its direct members)");
            }
        });
        requireNames(desired, "users", "usernames");
        if (desired.path("users").isEmpty()) {
            throw new InvalidAttributeException("/users", "names no user: a group with no member has no membership; remove the resource to empty the group");
        }
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak group membership " + address.parentName() + GroupKind.path(address));
    }

    /** Usernames as Keycloak keeps them: lower case. */
    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        ObjectNode d = desired.deepCopy();
        if (d.has("users")) {
            d.set("users", lower(d.get("users")));
        }
        return d;
    }

    static ArrayNode lower(JsonNode names) {
        ArrayNode out = JSON.createArrayNode();
        names.forEach(n -> out.add(n.asText().toLowerCase(Locale.ROOT)));
        return out;
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = realmNeeds(ref, needs, single);
        n.groups = true;
        n.groupMembersOf.add(GroupKind.path(ref.address()));
    }

    /** Also by the group's uuid: a membership is its group's. */
    @Override
    public java.util.Set<String> importIds(io.dive.spi.Address address, JsonNode observed) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(super.importIds(address, observed));
        if (observed != null && observed.path("groupId").isTextual()) {
            ids.add(observed.get("groupId").asText());
        }
        return ids;
    }

    /** The members' usernames, and (not compared: the manifest never gives them) the group's id and each member's. */
    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        String path = GroupKind.path(ref.address());
        ArrayNode members = s == null ? null : s.groupMembers.get(path);
        if (members == null || members.isEmpty()) {
            return null;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("groupId", s.groups.get(path).path("id").asText());
        ArrayNode users = o.putArray("users");
        ObjectNode ids = o.putObject("userIds");
        members.forEach(m -> {
            users.add(m.path("username").asText());
            ids.put(m.path("username").asText(), m.path("id").asText());
        });
        return o;
    }

    @Override
    public void create(ApplyRequest r) {
        String realm = r.address().parentName();
        JsonNode group = provider.api(r.server()).groupByPath(realm, GroupKind.path(r.address()));
        if (group == null) {
            throw new ProviderException("group " + GroupKind.path(r.address()) + " in realm " + realm + " does not exist: declare "
                    + GroupKind.TYPE + "." + r.address().name());
        }
        sync(r, group.path("id").asText(), JSON.createObjectNode());
    }

    @Override
    public void update(ApplyRequest r) {
        sync(r, r.prior().path("groupId").asText(), r.prior().path("userIds"));
    }

    @Override
    public void delete(ApplyRequest r) {
        KeycloakApi api = provider.api(r.server());
        String groupId = r.prior().path("groupId").asText();
        r.prior().path("userIds").fields().forEachRemaining(e -> api.leaveGroup(r.address().parentName(), e.getValue().asText(), groupId));
    }

    /** Takes out the members the manifest does not name, and puts in the ones it names (each found by username: one request). */
    private void sync(ApplyRequest r, String groupId, JsonNode currentIds) {
        String realm = r.address().parentName();
        KeycloakApi api = provider.api(r.server());
        Set<String> wanted = new TreeSet<>();
        normalize(r.address(), r.desired()).path("users").forEach(u -> wanted.add(u.asText()));
        currentIds.fields().forEachRemaining(e -> {
            if (!wanted.contains(e.getKey())) {
                api.leaveGroup(realm, e.getValue().asText(), groupId);
            }
        });
        Set<String> adding = new TreeSet<>(wanted);
        currentIds.fieldNames().forEachRemaining(adding::remove);
        java.util.Map<String, String> ids = userIds(api, realm, adding, "group " + GroupKind.path(r.address()));
        for (String username : adding) {
            api.joinGroup(realm, ids.get(username), groupId);
        }
    }

    /** Beyond this many users to find, the realm's users are listed a page at a time instead of asked for one by one. */
    static final int LOOKUPS = 20;

    /** Users' ids by username: asked one by one for a few, else from the realm's list; an error names the first user who does not exist. */
    static java.util.Map<String, String> userIds(KeycloakApi api, String realm, Set<String> usernames, String of) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        if (usernames.size() <= LOOKUPS) {
            usernames.forEach(u -> out.put(u, userId(api, realm, u, of)));
            return out;
        }
        for (int first = 0; ; first += RealmSnapshot.PAGE) {
            JsonNode page = api.users(realm, first, RealmSnapshot.PAGE);
            for (JsonNode u : page == null ? JSON.createArrayNode() : page) {
                if (usernames.contains(u.path("username").asText())) {
                    out.put(u.path("username").asText(), u.path("id").asText());
                }
            }
            if (page == null || page.size() < RealmSnapshot.PAGE) {
                break;
            }
        }
        for (String u : usernames) {
            if (!out.containsKey(u)) {
                throw new ProviderException(of + " in realm " + realm + " names user " + u + ", who does not exist: declare user." + realm + "/" + u);
            }
        }
        return out;
    }

    /** A user's id by username, or an error that says which membership names a user who does not exist. */
    static String userId(KeycloakApi api, String realm, String username, String of) {
        JsonNode found = api.usersNamed(realm, username);
        if (found == null || found.isEmpty()) {
            throw new ProviderException(of + " in realm " + realm + " names user " + username + ", who does not exist: declare user." + realm + "/" + username);
        }
        return found.get(0).path("id").asText();
    }
}
