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
 * each realm the user to log in with: an enabled user with a password, test users first, and of those
 * one whose login asks no second factor (DIVE V3's realm MFA asks an OTP of clearances above
 * UNCLASSIFIED, which a scripted login cannot give).
 */
public final class VerifyTargets {

    private VerifyTargets() {
    }

    /** @param servers the server of a link's side ("hub" or "spoke") */
    public static List<LinkToVerify> from(Map<Address, JsonNode> resources, java.util.function.BiFunction<Address, String, LinkToVerify.Server> servers) {
        Map<String, List<Map.Entry<Address, JsonNode>>> usersByRealm = new TreeMap<>();
        resources.forEach((a, attrs) -> {
            if (a.type().equals("user") && attrs.hasNonNull("password") && attrs.path("enabled").asBoolean(true)) {
                usersByRealm.computeIfAbsent(a.parentName(), k -> new ArrayList<>()).add(Map.entry(a, attrs));
            }
        });
        usersByRealm.values().forEach(l -> l.sort(Comparator.comparing((Map.Entry<Address, JsonNode> e) -> !e.getKey().leafName().startsWith("testuser"))
                .thenComparing(e -> asksSecondFactor(e.getValue())).thenComparing(e -> e.getKey().leafName())));
        List<LinkToVerify> out = new ArrayList<>();
        resources.forEach((a, attrs) -> {
            if (a.type().equals("link")) {
                out.add(new LinkToVerify(a.toString(), side(attrs.path("hub"), usersByRealm, servers.apply(a, "hub")),
                        side(attrs.path("spoke"), usersByRealm, servers.apply(a, "spoke")), attrs.path("secret").asText()));
            }
        });
        return out;
    }

    /** Whether DIVE V3's realm MFA asks this user for an OTP: a clearance other than UNCLASSIFIED. */
    static boolean asksSecondFactor(JsonNode user) {
        JsonNode c = user.path("attributes").path("clearance");
        for (JsonNode v : c.isArray() ? c : List.of(c)) {
            if (!v.isMissingNode() && !v.asText().isEmpty() && !v.asText().equals("UNCLASSIFIED")) {
                return true;
            }
        }
        return false;
    }

    /** The attributes whose every value must arrive on the other side after a brokered login. */
    static final List<String> CHECKED_ATTRIBUTES = List.of("clearance", "countryOfAffiliation", "acpCOI");

    private static LinkToVerify.Side side(JsonNode s, Map<String, List<Map.Entry<Address, JsonNode>>> users, LinkToVerify.Server server) {
        String realm = s.path("realm").asText();
        List<Map.Entry<Address, JsonNode>> candidates = users.getOrDefault(realm, List.of());
        if (candidates.isEmpty()) {
            return new LinkToVerify.Side(realm, s.path("alias").asText(), s.path("client").asText(), null, null, Map.of(), server);
        }
        Map.Entry<Address, JsonNode> u = candidates.get(0);
        Map<String, List<String>> expected = new TreeMap<>();
        for (String attr : CHECKED_ATTRIBUTES) {
            JsonNode v = u.getValue().path("attributes").path(attr);
            if (!v.isMissingNode()) {
                List<String> values = new ArrayList<>();
                if (v.isArray()) {
                    v.forEach(x -> values.add(x.asText()));
                } else {
                    values.add(v.asText());
                }
                expected.put(attr, values.stream().sorted().toList());
            }
        }
        return new LinkToVerify.Side(realm, s.path("alias").asText(), s.path("client").asText(), u.getKey().leafName(),
                u.getValue().path("password").asText(), expected, server);
    }
}
