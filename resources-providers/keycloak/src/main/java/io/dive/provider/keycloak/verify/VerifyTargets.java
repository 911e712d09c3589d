package io.dive.provider.keycloak.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks, from a topology's resources (attributes with secrets resolved), the links to verify and for
 * each realm the user to log in with: an enabled user with a password, test users first.
 */
public final class VerifyTargets {

    private VerifyTargets() {
    }

    public static List<LinkToVerify> from(Map<Address, JsonNode> resources, String url) {
        Map<String, List<Map.Entry<Address, JsonNode>>> usersByRealm = new TreeMap<>();
        resources.forEach((a, attrs) -> {
            if (a.type().equals("user") && attrs.hasNonNull("password") && attrs.path("enabled").asBoolean(true)) {
                usersByRealm.computeIfAbsent(a.parentName(), k -> new ArrayList<>()).add(Map.entry(a, attrs));
            }
        });
        usersByRealm.values().forEach(l -> l.sort(Comparator.comparing((Map.Entry<Address, JsonNode> e) -> !e.getKey().leafName().startsWith("testuser"))
                .thenComparing(e -> e.getKey().leafName())));
        List<LinkToVerify> out = new ArrayList<>();
        resources.forEach((a, attrs) -> {
            if (a.type().equals("link")) {
                String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
                out.add(new LinkToVerify(a.toString(), base, side(attrs.path("hub"), usersByRealm), side(attrs.path("spoke"), usersByRealm),
                        attrs.path("secret").asText()));
            }
        });
        return out;
    }

    private static LinkToVerify.Side side(JsonNode s, Map<String, List<Map.Entry<Address, JsonNode>>> users) {
        String realm = s.path("realm").asText();
        List<Map.Entry<Address, JsonNode>> candidates = users.getOrDefault(realm, List.of());
        if (candidates.isEmpty()) {
            return new LinkToVerify.Side(realm, s.path("alias").asText(), s.path("client").asText(), null, null, Map.of());
        }
        Map.Entry<Address, JsonNode> u = candidates.get(0);
        Map<String, String> expected = new TreeMap<>();
        for (String attr : List.of("clearance", "countryOfAffiliation")) {
            JsonNode v = u.getValue().path("attributes").path(attr);
            if (!v.isMissingNode()) {
                expected.put(attr, v.isArray() ? v.path(0).asText() : v.asText());
            }
        }
        return new LinkToVerify.Side(realm, s.path("alias").asText(), s.path("client").asText(), u.getKey().leafName(),
                u.getValue().path("password").asText(), expected);
    }
}
