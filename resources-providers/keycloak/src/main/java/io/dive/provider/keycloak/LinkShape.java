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
    /**
     * Written into the config of an IdP and the attributes of a client that dive makes for a link (the
     * topology's name): a part without it existed before dive and is adopted, never deleted by it.
     */
    static final String OWNER = "dive.owner";
    static final String CLIENT_MAPPER = "oidc-usermodel-attribute-mapper";

    private LinkShape() {
    }

    /**
     * One side as the manifest gives it, with its server (null: the default one) and the two URLs its
     * realm is reached at: by a browser ({@code publicUrl}) and by the other side's Keycloak
     * ({@code internalUrl}). A side's {@code url} sets both.
     */
    record Side(String name, String realm, String alias, String client, String server, String publicUrl, String internalUrl,
                String displayName) {
        /** What tokens name as their issuer: the address browsers use. */
        String issuer() {
            return publicUrl + "/realms/" + realm;
        }

        /** Where the other Keycloak calls this realm's token, userinfo and JWKS endpoints. */
        String backChannel() {
            return internalUrl + "/realms/" + realm + "/protocol/openid-connect";
        }

        String brokerEndpoint() {
            return publicUrl + "/realms/" + realm + "/broker/" + alias + "/endpoint*";
        }
    }

    static Side side(JsonNode desired, String name, KeycloakServer server) {
        JsonNode s = desired.path(name);
        String url = s.hasNonNull("url") ? trim(s.get("url").asText()) : null;
        return new Side(name, s.path("realm").asText(), s.path("alias").asText(), s.path("client").asText(), server.name(),
                url != null ? url : server.publicUrl(), url != null ? url : server.internalUrl(), s.path("display_name").asText(null));
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static ObjectNode expand(JsonNode desired, KeycloakServer hubServer, KeycloakServer spokeServer) {
        Side hub = side(desired, "hub", hubServer);
        Side spoke = side(desired, "spoke", spokeServer);
        List<String> claims = names(RealmKind.sorted(desired.path("claims")));
        ObjectNode out = KeycloakKind.JSON.createObjectNode();
        out.set("hub", sideShape(hub, spoke, claims));
        out.set("spoke", sideShape(spoke, hub, claims));
        if (desired.has("secret")) {
            out.set("secret", desired.get("secret"));
        }
        return out;
    }

    /**
     * The identity provider of {@code self} that logs in through {@code other}'s client: exactly what
     * dive sends (LinkKind) and what drift compares. The client secret goes in separately: Keycloak
     * never shows it again (it answers "**********"), so it is the one field drift cannot see.
     */
    static ObjectNode idpRep(Side self, Side other) {
        ObjectNode rep = KeycloakKind.JSON.createObjectNode();
        rep.put("alias", self.alias());
        rep.put("providerId", "oidc");
        rep.put("enabled", true);
        rep.put("displayName", other.displayName() != null ? other.displayName() : other.realm());
        rep.put("trustEmail", true);
        rep.put("firstBrokerLoginFlowAlias", "first broker login");
        ObjectNode cfg = rep.putObject("config");
        // The browser goes to the other side's public address; this Keycloak calls its internal one.
        String front = other.issuer() + "/protocol/openid-connect";
        cfg.put("issuer", other.issuer());
        cfg.put("authorizationUrl", front + "/auth");
        cfg.put("tokenUrl", other.backChannel() + "/token");
        cfg.put("userInfoUrl", other.backChannel() + "/userinfo");
        cfg.put("jwksUrl", other.backChannel() + "/certs");
        cfg.put("logoutUrl", front + "/logout");
        cfg.put("clientId", other.client());
        cfg.put("clientAuthMethod", "client_secret_post");
        cfg.put("validateSignature", "true");
        cfg.put("useJwksUrl", "true");
        cfg.put("syncMode", "FORCE");
        cfg.put("defaultScope", "openid profile email");
        return rep;
    }

    /** The confidential client of {@code self} that {@code other}'s identity provider logs in through (its secret apart). */
    static ObjectNode clientRep(Side self, Side other) {
        ObjectNode rep = KeycloakKind.JSON.createObjectNode();
        rep.put("clientId", self.client());
        rep.put("name", "dive federation: " + other.realm() + " logs in through " + self.realm());
        rep.put("enabled", true);
        rep.put("protocol", "openid-connect");
        rep.put("publicClient", false);
        rep.put("clientAuthenticatorType", "client-secret");
        rep.put("standardFlowEnabled", true);
        rep.put("directAccessGrantsEnabled", false);
        rep.putArray("redirectUris").add(other.brokerEndpoint());
        return rep;
    }

    /** The IdP mapper that imports a claim into the user attribute of the same name. */
    static ObjectNode idpMapper(String alias, String claim) {
        ObjectNode m = KeycloakKind.JSON.createObjectNode();
        m.put("name", claim);
        m.put("identityProviderAlias", alias);
        m.put("identityProviderMapper", IDP_MAPPER);
        ObjectNode mc = m.putObject("config");
        mc.put("claim", claim);
        mc.put("user.attribute", claim);
        mc.put("syncMode", "FORCE");
        return m;
    }

    /** What of a mapper drift compares: its type and its whole config. */
    static ObjectNode mapperSettings(JsonNode mapper, String typeField) {
        ObjectNode o = KeycloakKind.JSON.createObjectNode();
        o.put(typeField, mapper.path(typeField).asText());
        o.set("config", mapper.path("config").deepCopy());
        return o;
    }

    /** Whether a mapper on the server still has the settings dive gives {@code wanted} (a mapper built for its claim). */
    static boolean sameSettings(JsonNode onServer, JsonNode wanted, String typeField) {
        return io.dive.spi.CanonicalJson.of(mapperSettings(onServer, typeField)).equals(io.dive.spi.CanonicalJson.of(mapperSettings(wanted, typeField)));
    }

    private static ObjectNode sideShape(Side self, Side other, List<String> claims) {
        ObjectNode s = KeycloakKind.JSON.createObjectNode();
        s.put("realm", self.realm());
        if (self.server() != null) {
            s.put("server", self.server());
        }
        ObjectNode idp = idpRep(self, other);
        idp.set("mappers", KeycloakKind.JSON.valueToTree(claims));
        ObjectNode idpSettings = idp.putObject("mapper_settings");
        claims.forEach(c -> idpSettings.set(c, mapperSettings(idpMapper(self.alias(), c), "identityProviderMapper")));
        s.set("idp", idp);
        ObjectNode client = clientRep(self, other);
        client.set("mappers", KeycloakKind.JSON.valueToTree(claims));
        ObjectNode clientSettings = client.putObject("mapper_settings");
        claims.forEach(c -> clientSettings.set(c, mapperSettings(KeycloakKind.claimMapper(c), "protocolMapper")));
        s.set("client", client);
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
        if (want.hasNonNull("server")) {
            s.set("server", want.get("server")); // read from that server
        }
        boolean any = false;
        JsonNode idp = snap.idps.get(want.path("idp").path("alias").asText());
        if (idp != null) {
            any = true;
            ObjectNode i = project(idp, want.path("idp"));
            i.put("owned", idp.path("config").hasNonNull(OWNER));
            ArrayNode mappers = KeycloakKind.JSON.createArrayNode();
            ObjectNode settings = KeycloakKind.JSON.createObjectNode();
            for (JsonNode m : snap.idpMappers.getOrDefault(idp.path("alias").asText(), KeycloakKind.JSON.createArrayNode())) {
                if (IDP_MAPPER.equals(m.path("identityProviderMapper").asText())) {
                    String claim = m.path("config").path("claim").asText();
                    mappers.add(claim);
                    settings.set(claim, mapperSettings(m, "identityProviderMapper"));
                }
            }
            i.set("mappers", RealmKind.sorted(mappers));
            i.set("mapper_settings", settings);
            s.set("idp", i);
        }
        JsonNode client = snap.clients.get(want.path("client").path("clientId").asText());
        if (client != null) {
            any = true;
            ObjectNode c = project(client, want.path("client"));
            c.put("owned", client.path("attributes").hasNonNull(OWNER));
            ArrayNode mappers = KeycloakKind.JSON.createArrayNode();
            ObjectNode settings = KeycloakKind.JSON.createObjectNode();
            for (JsonNode m : client.path("protocolMappers")) {
                if (CLIENT_MAPPER.equals(m.path("protocolMapper").asText())) {
                    String claim = m.path("config").path("claim.name").asText();
                    mappers.add(claim);
                    settings.set(claim, mapperSettings(m, "protocolMapper"));
                }
            }
            c.set("mappers", RealmKind.sorted(mappers));
            c.set("mapper_settings", settings);
            c.put("id", client.path("id").asText());
            s.set("client", c);
        }
        return any;
    }

    /**
     * The fields of a server object that the link declares (and no others: the client list carries its
     * secret, which must not reach state). Where nothing is declared (a link only in state), the
     * fields dive writes.
     */
    private static ObjectNode project(JsonNode server, JsonNode template) {
        ObjectNode out = KeycloakKind.JSON.createObjectNode();
        template.fieldNames().forEachRemaining(k -> {
            JsonNode v = server.get(k);
            if (v == null || k.equals("mappers") || k.equals("mapper_settings") || k.equals("id") || k.equals("owned") || k.equals("server")) {
                return;
            }
            out.set(k, template.get(k).isObject() && v.isObject() ? project(v, template.get(k)) : v.deepCopy());
        });
        return out;
    }

    static List<String> names(JsonNode arr) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
