package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ResourceRef;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code link.HUB-SPOKE}: a bidirectional federation between two realms, as one resource. Creating
 * or updating it converges all of it together: both confidential clients (same secret), both OIDC
 * identity providers, the protocol mappers that put the claims into tokens and the IdP mappers that
 * import them as user attributes on the other side.
 */
final class LinkKind extends KeycloakKind {

    LinkKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return "link";
    }

    @Override
    public Set<String> sensitive() {
        return Set.of("/secret");
    }

    @Override
    public Set<Address> dependencies(Address address, JsonNode desired) {
        return Set.of(new Address("realm", desired.path("hub").path("realm").asText("?")),
                new Address("realm", desired.path("spoke").path("realm").asText("?")));
    }

    static final java.util.List<String> KEYS = java.util.List.of("hub", "spoke", "secret", "claims");
    static final java.util.List<String> SIDE_KEYS = java.util.List.of("realm", "alias", "client", "url", "display_name", "server");

    /** The short form: {@code hub} and {@code spoke} ({@code realm}, {@code alias}, {@code client}, {@code url}, {@code display_name}), {@code secret}, {@code claims}. */
    @Override
    public void validate(Address address, JsonNode desired) {
        unknownKeys(desired, "", KEYS);
        for (String side : java.util.List.of("hub", "spoke")) {
            JsonNode s = desired.get(side);
            if (s == null || !s.isObject()) {
                throw new io.dive.spi.InvalidAttributeException("/" + side, s == null ? "missing: a link needs " + side
                        + ": {realm, alias, client}" : "expected a mapping {realm, alias, client}, found " + Representations.kind(s));
            }
            unknownKeys(s, "/" + side, SIDE_KEYS);
            for (String key : java.util.List.of("realm", "alias", "client")) {
                JsonNode v = s.get(key);
                if (v == null || !v.isTextual() || v.asText().isBlank()) {
                    throw new io.dive.spi.InvalidAttributeException("/" + side + "/" + key, v == null ? "missing" : "expected a name, found "
                            + Representations.kind(v));
                }
            }
        }
        if (desired.path("hub").path("realm").asText().equals(desired.path("spoke").path("realm").asText())) {
            throw new io.dive.spi.InvalidAttributeException("/spoke/realm", "a link joins two realms; both sides name realm \""
                    + desired.path("hub").path("realm").asText() + "\"");
        }
        KeycloakKind.requireNames(desired, "claims", "user attribute names");
    }

    private static void unknownKeys(JsonNode node, String at, java.util.List<String> known) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                String closest = io.dive.spi.Suggestions.closest(k, known);
                throw new io.dive.spi.InvalidAttributeException(at + "/" + k, "unknown key \"" + k + "\""
                        + (closest != null ? " (did you mean \"" + closest + "\"?)" : " (allowed: " + String.join(", ", known) + ")"));
            }
        });
    }

    /** A link lives on its hub realm's server (its spoke side on the spoke realm's). */
    @Override
    public Address livesWith(Address address, JsonNode desired) {
        return new Address("realm", desired.path("hub").path("realm").asText("?"));
    }

    /**
     * The server of one side: the one it names ({@code server}, which state's shape records), else its
     * realm's in the topology, else the link's own.
     */
    static String sideServer(JsonNode link, String side, java.util.function.Function<Address, String> serverOf, String linkServer) {
        JsonNode s = link == null ? null : link.path(side);
        if (s == null || s.isMissingNode()) {
            return linkServer;
        }
        if (s.hasNonNull("server")) {
            return s.get("server").asText();
        }
        String realm = s.path("realm").asText("");
        String bound = realm.isEmpty() ? null : serverOf.apply(new Address("realm", realm));
        return bound != null ? bound : linkServer;
    }

    private String sideServer(JsonNode link, String side, String linkServer) {
        return sideServer(link, side, provider::serverOf, linkServer);
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        String own = provider.serverOf(address);
        return LinkShape.expand(desired, provider.server(sideServer(desired, "hub", own)), provider.server(sideServer(desired, "spoke", own)));
    }

    private JsonNode shape(ResourceRef ref) {
        return ref.desired() != null ? ref.desired() : ref.recorded();
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        JsonNode shape = shape(ref);
        if (shape == null) {
            return;
        }
        for (String side : List.of("hub", "spoke")) {
            JsonNode s = shape.path(side);
            String server = sideServer(shape, side, ref.server());
            if (!provider.declares(server) || server != null && needs.gone.contains(server)) {
                continue; // a side on a server the manifest no longer declares, or whose runner is gone, goes with it
            }
            RealmSnapshot.Needs n = needs.need(server, s.path("realm").asText());
            n.single |= single;
            if (single) {
                n.onlyClients.add(s.path("client").path("clientId").asText());
                n.onlyIdps.add(s.path("idp").path("alias").asText());
            } else {
                n.clients = true;
                n.idps = true;
            }
            n.idpMappersOf.add(s.path("idp").path("alias").asText());
            n.secretsOf.add(s.path("client").path("clientId").asText());
        }
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        JsonNode shape = shape(ref);
        if (shape == null) {
            return null;
        }
        return LinkShape.observe(shape, snapshots.get(sideServer(shape, "hub", ref.server()), shape.path("hub").path("realm").asText()),
                snapshots.get(sideServer(shape, "spoke", ref.server()), shape.path("spoke").path("realm").asText()));
    }

    @Override
    public void create(ApplyRequest r) {
        // The plan saw no part of the link: make every part without looking for it first. A part
        // made by someone else meanwhile fails its create (409), and the next plan converges it.
        converge(r, r.prior() == null);
    }

    @Override
    public void update(ApplyRequest r) {
        converge(r, false);
    }

    /** Makes every part of both directions match, whatever state each part is in. */
    private void converge(ApplyRequest r, boolean fresh) {
        LinkShape.Side hub = LinkShape.side(r.desired(), "hub", provider.server(sideServer(r.desired(), "hub", r.server())));
        LinkShape.Side spoke = LinkShape.side(r.desired(), "spoke", provider.server(sideServer(r.desired(), "spoke", r.server())));
        String secret = r.desired().path("secret").asText(null);
        List<String> claims = LinkShape.names(r.desired().path("claims"));
        for (LinkShape.Side[] pair : new LinkShape.Side[][] {{hub, spoke}, {spoke, hub}}) {
            ensureClient(pair[0], pair[1], secret, claims, fresh);
            ensureIdp(pair[0], pair[1], secret, claims, fresh);
        }
    }

    private void ensureClient(LinkShape.Side self, LinkShape.Side other, String secret, List<String> claims, boolean fresh) {
        KeycloakApi api = provider.api(self.server());
        String realm = self.realm();
        ObjectNode rep = LinkShape.clientRep(self, other);
        if (secret != null) {
            rep.put("secret", secret);
        }
        JsonNode found = fresh ? null : api.clientsByClientId(realm, self.client());
        if (found == null || found.isEmpty()) {
            rep.putObject("attributes").put(LinkShape.OWNER, provider.topology());
            ArrayNode mappers = rep.putArray("protocolMappers");
            claims.forEach(c -> mappers.add(claimMapper(c)));
            api.createClient(realm, rep);
            return;
        }
        JsonNode current = found.get(0);
        String id = current.path("id").asText();
        ObjectNode body = merge(current, rep);
        body.remove("protocolMappers");
        api.updateClient(realm, id, body);
        syncMappers(current.path("protocolMappers"), m -> LinkShape.CLIENT_MAPPER.equals(m.path("protocolMapper").asText()),
                m -> m.path("config").path("claim.name").asText(),
                m -> LinkShape.sameSettings(m, claimMapper(m.path("config").path("claim.name").asText()), "protocolMapper"),
                claims, mapperId -> api.deleteClientMapper(realm, id, mapperId), claim -> api.createClientMapper(realm, id, claimMapper(claim)));
    }

    private void ensureIdp(LinkShape.Side self, LinkShape.Side other, String secret, List<String> claims, boolean fresh) {
        KeycloakApi api = provider.api(self.server());
        String realm = self.realm();
        String alias = self.alias();
        ObjectNode rep = LinkShape.idpRep(self, other);
        if (secret != null) {
            ((ObjectNode) rep.get("config")).put("clientSecret", secret);
        }
        JsonNode current = fresh ? null : api.identityProvider(realm, alias);
        if (current == null) {
            ((ObjectNode) rep.get("config")).put(LinkShape.OWNER, provider.topology());
            api.createIdentityProvider(realm, rep);
        } else {
            // An update replaces the config: the mark of who made it goes along, or stays absent.
            if (current.path("config").hasNonNull(LinkShape.OWNER)) {
                ((ObjectNode) rep.get("config")).set(LinkShape.OWNER, current.path("config").get(LinkShape.OWNER));
            }
            api.updateIdentityProvider(realm, alias, rep);
        }
        syncMappers(fresh ? null : api.identityProviderMappers(realm, alias), m -> LinkShape.IDP_MAPPER.equals(m.path("identityProviderMapper").asText()),
                m -> m.path("config").path("claim").asText(),
                m -> LinkShape.sameSettings(m, LinkShape.idpMapper(alias, m.path("config").path("claim").asText()), "identityProviderMapper"),
                claims, mapperId -> api.deleteIdentityProviderMapper(realm, alias, mapperId),
                claim -> api.createIdentityProviderMapper(realm, alias, LinkShape.idpMapper(alias, claim)));
    }

    /**
     * Both IdPs and both clients: from the manifest's short form ({@code hub: {realm, alias, client}})
     * or the shape state recorded ({@code hub: {realm, idp: {alias}, client: {clientId}}}).
     */
    @Override
    public java.util.Set<String> identities(Address address, JsonNode attributes) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String side : List.of("hub", "spoke")) {
            JsonNode s = attributes.path(side);
            String realm = s.path("realm").asText("");
            String alias = s.path("idp").isObject() ? s.path("idp").path("alias").asText("") : s.path("alias").asText("");
            String client = s.path("client").isObject() ? s.path("client").path("clientId").asText("") : s.path("client").asText("");
            if (!realm.isEmpty() && !alias.isEmpty()) {
                out.add("keycloak identity provider " + realm + "/" + alias);
            }
            if (!realm.isEmpty() && !client.isEmpty()) {
                out.add("keycloak client " + realm + "/" + client);
            }
        }
        return out;
    }

    /** A link's IdPs and clients carry dive's mark when dive made them (LinkShape.OWNER). */
    @Override
    public boolean partsKnowTheirMaker() {
        return true;
    }

    /**
     * Deletes the parts dive made; a part that existed before dive (adopted) stays, as the plan said. A
     * side on a server the manifest no longer declares (a spoke removed with its Keycloak) goes with
     * that server.
     */
    @Override
    public void delete(ApplyRequest r) {
        JsonNode shape = r.prior();
        for (String side : List.of("hub", "spoke")) {
            JsonNode s = shape.path(side);
            String realm = s.path("realm").asText();
            String server = sideServer(shape, side, r.server());
            if (realm.isEmpty() || !provider.declares(server)) {
                continue;
            }
            String alias = s.path("idp").path("alias").asText("");
            if (!alias.isEmpty() && s.path("idp").path("owned").asBoolean(false)) {
                deleteBrokeredUsers(provider.api(server), realm, alias);
                provider.api(server).deleteIdentityProvider(realm, alias);
            }
            String clientUuid = s.path("client").path("id").asText("");
            if (!clientUuid.isEmpty() && s.path("client").path("owned").asBoolean(false)) {
                provider.api(server).deleteClient(realm, clientUuid);
            }
        }
    }

    /**
     * The accounts an IdP of dive's brought into its realm exist only through the link: they go with it.
     * Left behind (Keycloak keeps them, unlinked), the spoke linked again would meet each one as an
     * existing account with the same email, and its users could not log in.
     */
    private static void deleteBrokeredUsers(KeycloakApi api, String realm, String alias) {
        for (int round = 0; round < 1000; round++) {
            JsonNode users = api.usersBrokeredBy(realm, alias, 500);
            if (users == null || users.isEmpty()) {
                return;
            }
            users.forEach(u -> api.deleteUser(realm, u.path("id").asText()));
        }
    }

    @Override
    public String deletionNote(JsonNode observed) {
        List<String> kept = new java.util.ArrayList<>();
        for (String side : List.of("hub", "spoke")) {
            JsonNode s = observed.path(side);
            if (s.has("idp") && !s.path("idp").path("owned").asBoolean(false)) {
                kept.add("IdP " + s.path("idp").path("alias").asText() + " in " + s.path("realm").asText());
            }
            if (s.has("client") && !s.path("client").path("owned").asBoolean(false)) {
                kept.add("client " + s.path("client").path("clientId").asText() + " in " + s.path("realm").asText());
            }
        }
        return kept.isEmpty() ? null : "keeps what dive did not make: " + String.join(", ", kept);
    }
}
