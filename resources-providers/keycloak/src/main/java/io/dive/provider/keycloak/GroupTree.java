package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A realm's groups at every depth, by path. Keycloak lists top-level groups in pages and each group's
 * subgroups apart, so the tree is read a level at a time: one page request per level for the top, then
 * one per group that has subgroups (Keycloak says how many), all of a level at once.
 */
final class GroupTree {

    private GroupTree() {
    }

    static Map<String, JsonNode> read(KeycloakApi api, String realm, int page) {
        Map<String, JsonNode> byPath = new HashMap<>();
        List<JsonNode> level = pages(first -> api.groups(realm, first, page), page);
        while (!level.isEmpty()) {
            List<CompletableFuture<List<JsonNode>>> children = new ArrayList<>();
            for (JsonNode g : level) {
                byPath.put(g.path("path").asText(), g);
                if (g.path("subGroupCount").asLong(0) > 0) {
                    String id = g.path("id").asText();
                    children.add(api.async(() -> pages(first -> api.subGroups(realm, id, first, page), page)));
                }
            }
            List<JsonNode> next = new ArrayList<>();
            children.forEach(f -> next.addAll(f.join()));
            level = next;
        }
        return byPath;
    }

    private static List<JsonNode> pages(java.util.function.IntFunction<JsonNode> read, int page) {
        List<JsonNode> out = new ArrayList<>();
        for (int first = 0; ; first += page) {
            JsonNode list = read.apply(first);
            if (list == null) {
                return out;
            }
            list.forEach(out::add);
            if (list.size() < page) {
                return out;
            }
        }
    }
}
