package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A federation link as it exists in Keycloak, both directions, in one comparable shape:
 * <pre>
 * hub:   {realm, idp: {alias, enabled, clientId, issuer, mappers}, client: {clientId, enabled, redirectUris, mappers}}
 * spoke: {same, mirrored}
 * secret: the client secret both sides share
 * </pre>
 * The hub's IdP logs in through the spoke's client and the spoke's IdP through the hub's client, so
 * each side's IdP names the other side's client and realm, and each client's redirect URI is the other
 * side's broker endpoint. Built from the manifest's short form:
 * {@code hub: {realm, alias, client, url?, display_name?}}, {@code spoke: {...}}, {@code claims}, {@code secret}.
 */
final class LinkShape {

    static final String IDP_MAPPER = "oidc-user-attribute-idp-mapper";
    static final String CLIENT_MAPPER = "oidc-usermodel-attribute-mapper";

    private LinkShape() {
    }

    /** One side as the manifest gives it, with the URL its realm is reached at. */
    record Side(String name, String realm, String alias, String client, String url, String displayName) {
        String issuer() {
            return url + "/realms/" + realm;
        }

        String brokerEndpoint() {
            return url + "/realms/" + realm + "/broker/" + alias + "/endpoint*";
        }
    }

    static Side side(JsonNode desired, String name, String defaultUrl) {
        JsonNode s = desired.path(name);
        String url = s.path("url").asText(defaultUrl);
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return new Side(name, s.path("realm").asText(), s.path("alias").asText(), s.path("client").asText(), url,
                s.path("display_name").asText(null));
    }

    static ObjectNode expand(JsonNode desired, String defaultUrl) {
        Side hub = side(desired, "hub", defaultUrl);
        Side spoke = side(desired, "spoke", defaultUrl);
        ArrayNode claims = RealmKind.sorted(desired.path("claims"));
        ObjectNode out = KeycloakKind.JSON.createObjectNode();
        out.set("hub", sideShape(hub, spoke, claims));
        out.set("spoke", sideShape(spoke, hub, claims));
        if (desired.has("secret")) {
            out.set("secret", desired.get("secret"));
        }
        return out;
    }

    private static ObjectNode sideShape(Side self, Side other, ArrayNode claims) {
        ObjectNode s = KeycloakKind.JSON.createObjectNode();
        s.put("realm", self.realm());
        ObjectNode idp = s.putObject("idp");
        idp.put("alias", self.alias());
        idp.put("enabled", true);
        idp.put("clientId", other.client());
        idp.put("issuer", other.issuer());
        idp.set("mappers", claims.deepCopy());
        ObjectNode client = s.putObject("client");
        client.put("clientId", self.client());
        client.put("enabled", true);
        client.putArray("redirectUris").add(other.brokerEndpoint());
        client.set("mappers", claims.deepCopy());
        return s;
    }

    /** The shape as observed in two realm snapshots; null when no part of the link exists. */
    static ObjectNode observe(JsonNode shape, RealmSnapshot hubRealm, RealmSnapshot spokeRealm) {
        ObjectNode out = KeycloakKind.JSON.createObjectNode();
        boolean any = observeSide(out, "hub", shape.path("hub"), hubRealm);
        any |= observeSide(out, "spoke", shape.path("spoke"), spokeRealm);
        if (!any) {
            return null;
        }
        String a = secretOf(hubRealm, shape.path("hub").path("client").path("clientId").asText());
        String b = secretOf(spokeRealm, shape.path("spoke").path("client").path("clientId").asText());
        if (a != null && a.equals(b)) {
            out.put("secret", a);
        } else if (a != null || b != null) {
            out.put("secret", "(the two clients' secrets differ)");
        }
        return out;
    }

    private static String secretOf(RealmSnapshot s, String clientId) {
        if (s == null) {
            return null;
        }
        String v = s.clientSecrets.get(clientId);
        return v == null || v.isEmpty() ? null : v;
    }

    private static boolean observeSide(ObjectNode out, String name, JsonNode want, RealmSnapshot snap) {
        if (snap == null || !snap.exists()) {
            return false;
        }
        ObjectNode s = out.putObject(name);
        s.put("realm", snap.name);
        boolean any = false;
        JsonNode idp = snap.idps.get(want.path("idp").path("alias").asText());
        if (idp != null) {
            any = true;
            ObjectNode i = s.putObject("idp");
            i.put("alias", idp.path("alias").asText());
            i.put("enabled", idp.path("enabled").asBoolean());
            i.put("clientId", idp.path("config").path("clientId").asText());
            i.put("issuer", idp.path("config").path("issuer").asText());
            ArrayNode mappers = i.putArray("mappers");
            for (JsonNode m : snap.idpMappers.getOrDefault(idp.path("alias").asText(), KeycloakKind.JSON.createArrayNode())) {
                if (IDP_MAPPER.equals(m.path("identityProviderMapper").asText())) {
                    mappers.add(m.path("config").path("claim").asText());
                }
            }
            i.set("mappers", RealmKind.sorted(mappers));
        }
        JsonNode client = snap.clients.get(want.path("client").path("clientId").asText());
        if (client != null) {
            any = true;
            ObjectNode c = s.putObject("client");
            c.put("clientId", client.path("clientId").asText());
            c.put("enabled", client.path("enabled").asBoolean());
            c.set("redirectUris", RealmKind.sorted(client.path("redirectUris")));
            ArrayNode mappers = KeycloakKind.JSON.createArrayNode();
            for (JsonNode m : client.path("protocolMappers")) {
                if (CLIENT_MAPPER.equals(m.path("protocolMapper").asText())) {
                    mappers.add(m.path("config").path("claim.name").asText());
                }
            }
            c.set("mappers", RealmKind.sorted(mappers));
            c.put("id", client.path("id").asText());
        }
        return any;
    }

    static List<String> names(JsonNode arr) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
