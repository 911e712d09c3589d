package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every object of some realms on a Keycloak, counted by name: "realm", "realm/client/ID",
 * "realm/user/NAME", "realm/idp/ALIAS" -> how many. After a fault, each count must be 1: clients are
 * what Keycloak would let a careless retry duplicate (clientId is not unique to it).
 */
final class ServerCensus {

    private ServerCensus() {
    }

    static Map<String, Integer> of(AdminRest admin, List<String> realms) {
        Map<String, Integer> out = new TreeMap<>();
        for (String realm : realms) {
            if (admin.get("/admin/realms/" + realm) == null) {
                continue;
            }
            out.merge(realm, 1, Integer::sum);
            for (JsonNode c : admin.get("/admin/realms/" + realm + "/clients")) {
                out.merge(realm + "/client/" + c.path("clientId").asText(), 1, Integer::sum);
            }
            for (JsonNode u : admin.get("/admin/realms/" + realm + "/users?max=1000")) {
                out.merge(realm + "/user/" + u.path("username").asText(), 1, Integer::sum);
            }
            for (JsonNode idp : admin.get("/admin/realms/" + realm + "/identity-provider/instances")) {
                out.merge(realm + "/idp/" + idp.path("alias").asText(), 1, Integer::sum);
            }
        }
        return out;
    }
}
