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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code role_membership.REALM/ROLE} (a realm role) or {@code role_membership.REALM/CLIENT_ID/ROLE} (a
 * client's): who holds the role directly. {@code users} (usernames) and {@code groups} (paths, e.g.
 * {@code /analysts/fra}): each list given is all of its kind, so a holder added by hand is drift and is
 * taken away; a list not given is left alone (declare only {@code users}, and the groups holding the role
 * stay whatever they are). Read one request per page of each list given, never one per user. A role held
 * by none of the listed kinds has no membership: delete takes the role from the holders of the lists it
 * had.
 */
final class RoleMembershipKind extends KeycloakKind {

    static final String TYPE = "role_membership";
    static final List<String> LISTS = List.of("users", "groups");

    RoleMembershipKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The role's client (null for a realm role) and name, from the address's part after the realm. */
    static String clientOf(String key) {
        return key.contains("/") ? key.substring(0, key.lastIndexOf('/')) : null;
    }

    static String clientUuidIn(RealmSnapshot s, String key) {
        String client = clientOf(key);
        JsonNode c = client == null ? null : s.clients.get(client);
        return c == null ? null : c.path("id").asText();
    }

    static JsonNode roleIn(RealmSnapshot s, String key) {
        return clientOf(key) == null ? s.roles.get(key) : s.clientRoles.get(key);
    }

    @Override
    Set<Address> alsoNeeds(Address address, JsonNode desired) {
        String realm = address.parentName();
        String client = clientOf(address.leafName());
        Set<Address> out = new LinkedHashSet<>();
        if (client == null) {
            out.add(new Address("role", address.name()));
        } else {
            out.add(new Address("client", realm + "/" + client));
            out.add(new Address("client_role", address.name()));
        }
        desired.path("users").forEach(u -> out.add(new Address("user", realm + "/" + u.asText())));
        desired.path("groups").forEach(g -> out.add(new Address(GroupKind.TYPE, realm + "/" + g.asText().replaceFirst("^/", ""))));
        return out;
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        if (!address.name().contains("/") || address.leafName().isEmpty() || address.leafName().endsWith("/") || address.leafName().startsWith("/")) {
            throw new InvalidAttributeException("", "a role membership's name is its role's: REALM/ROLE, or REALM/CLIENT_ID/ROLE for a client's");
        }
        desired.fieldNames().forEachRemaining(f -> {
            if (!LISTS.contains(f)) {
                throw new InvalidAttributeException("/" + f, "unknown field; a role membership has users (usernames) and groups (paths)");
            }
        });
        requireNames(desired, "users", "usernames");
        requireNames(desired, "groups", "group paths");
        for (int i = 0; i < desired.path("groups").size(); i++) {
            if (!desired.get("groups").get(i).asText().startsWith("/")) {
                throw new InvalidAttributeException("/groups/" + i, "a group is named by its path, from the top: /analysts or /analysts/fra");
            }
        }
        if (desired.path("users").isEmpty() && desired.path("groups").isEmpty()) {
            throw new InvalidAttributeException("", "names no holder: give users or groups (a role held by none has no membership; remove the resource)");
        }
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak role membership " + address.parentName() + "/" + address.leafName());
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        ObjectNode d = desired.deepCopy();
        if (d.has("users")) {
            d.set("users", GroupMembershipKind.lower(d.get("users")));
        }
        return d;
    }

    /** The lists this resource manages: the manifest's, else (about to be deleted) the ones recorded, else both. */
    private static List<String> managed(JsonNode desired, JsonNode recorded) {
        JsonNode by = desired != null ? desired : recorded;
        if (by == null) {
            return LISTS;
        }
        List<String> out = LISTS.stream().filter(by::has).toList();
        return out.isEmpty() ? LISTS : out;
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = realmNeeds(ref, needs, single);
        String key = ref.address().leafName();
        String client = clientOf(key);
        if (client == null) {
            n.roles = true;
        } else {
            if (single) {
                n.onlyClients.add(client);
            } else {
                n.clients = true;
            }
            n.clientRolesOf.add(client);
        }
        n.roleHoldersOf.computeIfAbsent(key, k -> new TreeSet<>()).addAll(managed(ref.desired(), ref.recorded()));
    }

    /** Also by the role's uuid: a membership is its role's. */
    @Override
    public java.util.Set<String> importIds(io.dive.spi.Address address, JsonNode observed) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(super.importIds(address, observed));
        if (observed != null && observed.path("role").path("id").isTextual()) {
            ids.add(observed.path("role").get("id").asText());
        }
        return ids;
    }

    /** Each managed list of holders (never compared: the role, its client and each holder's id, for the changes). */
    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        String key = ref.address().leafName();
        JsonNode role = s == null ? null : roleIn(s, key);
        if (role == null) {
            return null;
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("role", role);
        if (clientOf(key) != null) {
            o.put("clientUuid", clientUuidIn(s, key));
        }
        boolean any = false;
        for (String list : managed(ref.desired(), ref.recorded())) {
            ArrayNode holders = s.roleHolders.get(key + "|" + list);
            ArrayNode names = o.putArray(list);
            ObjectNode ids = o.putObject(list.equals("users") ? "userIds" : "groupIds");
            for (JsonNode h : holders == null ? JSON.createArrayNode() : holders) {
                String name = list.equals("users") ? h.path("username").asText() : h.path("path").asText();
                names.add(name);
                ids.put(name, h.path("id").asText());
                any = true;
            }
        }
        return any ? o : null;
    }

    @Override
    public void create(ApplyRequest r) {
        // The role (and its client's uuid) as one read of the realm shows them.
        ResourceRef ref = new ResourceRef(r.address(), r.desired(), null, r.server());
        RealmReads reads = new RealmReads(Set.of());
        declareNeeds(ref, reads, true);
        reads.needs.forEach((k, needs) -> reads.found.put(k, RealmSnapshot.load(provider.api(r.server()), k.realm(), needs)));
        RealmSnapshot s = reads.get(r.server(), r.address().parentName());
        String key = r.address().leafName();
        JsonNode role = roleIn(s, key);
        if (role == null) {
            throw new ProviderException((clientOf(key) == null ? "role " : "client role ") + key + " in realm " + r.address().parentName()
                    + " does not exist: declare " + (clientOf(key) == null ? "role." : "client_role.") + r.address().name());
        }
        ObjectNode current = JSON.createObjectNode();
        current.set("role", role);
        current.put("clientUuid", clientUuidIn(s, key));
        sync(r, current);
    }

    @Override
    public void update(ApplyRequest r) {
        sync(r, r.prior());
    }

    @Override
    public void delete(ApplyRequest r) {
        ObjectNode none = JSON.createObjectNode();
        LISTS.forEach(l -> none.putArray(l));
        sync(new ApplyRequest(r.address(), r.action(), none, r.prior(), r.changed(), r.server(), r.lineage()), r.prior());
    }

    /** For each list the manifest gives: takes the role from holders it does not name, and gives it to the ones it names. */
    private void sync(ApplyRequest r, JsonNode current) {
        String realm = r.address().parentName();
        KeycloakApi api = provider.api(r.server());
        String clientUuid = current.path("clientUuid").asText("");
        String client = clientUuid.isEmpty() ? null : clientUuid;
        JsonNode desired = normalize(r.address(), r.desired());
        String of = "role membership " + r.address().leafName();
        for (String list : LISTS) {
            if (!desired.has(list)) {
                continue;
            }
            Set<String> wanted = new TreeSet<>();
            desired.get(list).forEach(v -> wanted.add(v.asText()));
            JsonNode ids = current.path(list.equals("users") ? "userIds" : "groupIds");
            ids.fields().forEachRemaining(e -> {
                if (!wanted.contains(e.getKey())) {
                    api.roleMapping(realm, list, e.getValue().asText(), client, current.get("role"), false);
                }
            });
            Set<String> adding = new TreeSet<>(wanted);
            ids.fieldNames().forEachRemaining(adding::remove);
            java.util.Map<String, String> found = list.equals("users") ? GroupMembershipKind.userIds(api, realm, adding, of) : null;
            for (String name : adding) {
                String id = found != null ? found.get(name) : groupId(api, realm, name, of);
                api.roleMapping(realm, list, id, client, current.get("role"), true);
            }
        }
    }

    private static String groupId(KeycloakApi api, String realm, String path, String of) {
        JsonNode g = api.groupByPath(realm, path);
        if (g == null) {
            throw new ProviderException(of + " in realm " + realm + " names group " + path + ", which does not exist: declare "
                    + GroupKind.TYPE + "." + realm + path);
        }
        return g.path("id").asText();
    }
}
