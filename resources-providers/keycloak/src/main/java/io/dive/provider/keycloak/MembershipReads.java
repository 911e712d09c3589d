package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Who is in the groups and roles whose memberships the manifest declares: for each, its members page by
 * page (a page is {@link RealmSnapshot#PAGE}), all memberships at once. A realm's groups, roles and clients
 * are read first (they give the ids these lists are asked by).
 */
final class MembershipReads {

    private MembershipReads() {
    }

    /** One page after another, until a short one. */
    interface Page {
        JsonNode read(int first, int max);
    }

    static CompletableFuture<ArrayNode> all(KeycloakApi api, Page page) {
        return api.async(() -> {
            ArrayNode out = KeycloakKind.JSON.createArrayNode();
            for (int first = 0; ; first += RealmSnapshot.PAGE) {
                JsonNode p = page.read(first, RealmSnapshot.PAGE);
                if (p == null) {
                    return out;
                }
                p.forEach(out::add);
                if (p.size() < RealmSnapshot.PAGE) {
                    return out;
                }
            }
        });
    }

    /** Reads the members the needs name into the snapshot (groups by path; role holders by {@code ROLE|users}, {@code CLIENT_ID/ROLE|groups}). */
    static void read(KeycloakApi api, RealmSnapshot s, RealmSnapshot.Needs needs) {
        Map<String, CompletableFuture<ArrayNode>> groups = new HashMap<>();
        for (String path : needs.groupMembersOf) {
            JsonNode g = s.groups.get(path);
            if (g != null) {
                String id = g.path("id").asText();
                groups.put(path, all(api, (first, max) -> api.groupMembers(s.name, id, first, max)));
            }
        }
        Map<String, CompletableFuture<ArrayNode>> roles = new HashMap<>();
        needs.roleHoldersOf.forEach((key, lists) -> {
            String clientUuid = RoleMembershipKind.clientUuidIn(s, key);
            if (clientUuid == null && key.contains("/") || RoleMembershipKind.roleIn(s, key) == null) {
                return; // its client or its role is absent: so is the membership
            }
            String role = key.substring(key.lastIndexOf('/') + 1);
            for (String list : lists) {
                roles.put(key + "|" + list, all(api, (first, max) -> list.equals("users") ? api.roleUsers(s.name, clientUuid, role, first, max)
                        : api.roleGroups(s.name, clientUuid, role, first, max)));
            }
        });
        groups.forEach((path, f) -> s.groupMembers.put(path, f.join()));
        roles.forEach((key, f) -> s.roleHolders.put(key, f.join()));
    }
}
