package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code auth_flow.REALM/ALIAS}: a top-level authentication flow (a basic flow), with
 * {@code description}, {@code executions} (the tree: authenticators with their {@code requirement} and
 * {@code config}, subflows with theirs: {@link FlowTree}) and {@code bind}, the realm bindings it takes
 * ({@code browser}, {@code direct_grant}, {@code first_broker_login}...). Reads: the realm's flows in one
 * request, then each declared flow's executions in one, and one per configured authenticator.
 * <p>
 * A change of requirements or settings is made in place. A change of the tree's shape (an authenticator
 * or subflow added, removed or moved) rebuilds the flow's executions; a bound flow's logins go through a
 * copy of the old flow meanwhile ({@link #rebuild}). Deleting a bound flow first gives its bindings back
 * to Keycloak's built-in flows.
 */
final class AuthFlowKind extends KeycloakKind {

    static final String TYPE = "auth_flow";

    AuthFlowKind(KeycloakProvider provider) {
        super(provider);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        if (!address.name().contains("/") || address.leafName().isEmpty()) {
            throw new InvalidAttributeException("", "an authentication flow's name is REALM/ALIAS, e.g. auth_flow.dive-v3-broker-usa/dive-browser-mfa");
        }
        desired.fieldNames().forEachRemaining(f -> {
            if (!Set.of("description", "executions", "bind").contains(f)) {
                throw new InvalidAttributeException("/" + f, "unknown field; an authentication flow has bind, description, executions");
            }
        });
        normalize(address, desired);
    }

    @Override
    public Set<String> identities(Address address, JsonNode attributes) {
        return Set.of("keycloak authentication flow " + address.parentName() + "/" + address.leafName());
    }

    /** The canonical tree of executions, {@code bind} as a list, and an absent description empty. */
    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        ObjectNode d = JSON.createObjectNode();
        d.put("description", desired.path("description").asText(""));
        Set<String> aliases = new HashSet<>(Set.of(address.leafName()));
        d.set("executions", FlowTree.normalize(desired.get("executions"), "/executions", address.leafName(), aliases, new HashSet<>()));
        if (desired.has("bind")) {
            JsonNode b = desired.get("bind");
            ArrayNode bind = d.putArray("bind");
            for (JsonNode v : b.isArray() ? b : JSON.createArrayNode().add(b)) {
                if (!v.isTextual() || !FlowTree.BINDINGS.containsKey(v.asText())) {
                    throw new InvalidAttributeException("/bind", "expected one or more of " + String.join(", ", new TreeSet<>(FlowTree.BINDINGS.keySet()))
                            + ", found " + (v.isTextual() ? v.asText() : Representations.kind(v)));
                }
                bind.add(v.asText());
            }
        }
        return d;
    }

    @Override
    void declareNeeds(ResourceRef ref, RealmReads needs, boolean single) {
        RealmSnapshot.Needs n = realmNeeds(ref, needs, single);
        n.realm = true; // its bindings
        n.flowsOf.add(ref.address().leafName());
    }

    @Override
    JsonNode fromSnapshots(ResourceRef ref, RealmReads snapshots) {
        RealmSnapshot s = snapshots.get(ref.server(), ref.address().parentName());
        String alias = ref.address().leafName();
        JsonNode flow = s == null ? null : s.authFlows.get(alias);
        if (flow == null) {
            return null;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("id", flow.path("id").asText());
        o.put("description", flow.path("description").asText(""));
        o.set("executions", s.flowTrees.getOrDefault(alias, JSON.createArrayNode()));
        o.set("bind", bindings(s.realm, alias));
        return o;
    }

    /** The bindings of the realm that name this flow. */
    private static ArrayNode bindings(JsonNode realm, String alias) {
        ArrayNode out = JSON.createArrayNode();
        new TreeSet<>(FlowTree.BINDINGS.keySet()).forEach(b -> {
            if (realm != null && alias.equals(realm.path(FlowTree.BINDINGS.get(b)[0]).asText())) {
                out.add(b);
            }
        });
        return out;
    }

    /** A top-level basic flow of dive's, as Keycloak represents it. */
    private static ObjectNode flowRep(String alias, String description) {
        ObjectNode flow = JSON.createObjectNode();
        flow.put("alias", alias);
        flow.put("description", description);
        flow.put("providerId", "basic-flow");
        flow.put("topLevel", true);
        flow.put("builtIn", false);
        return flow;
    }

    @Override
    public void create(ApplyRequest r) {
        String realm = r.address().parentName();
        String alias = r.address().leafName();
        JsonNode d = normalize(r.address(), r.desired());
        provider.api(r.server()).createAuthFlow(realm, flowRep(alias, d.path("description").asText()));
        try {
            build(r.server(), realm, alias, d.path("executions"));
            bind(r.server(), realm, alias, d.get("bind"), JSON.createArrayNode());
        } catch (io.dive.spi.ProviderException e) {
            // The flow is made; a step of it failed. Said as what it is, never as "the flow exists" (a 409 of a
            // step's subflow is not the flow's), so the engine records the flow as its own and reports the failure.
            throw new io.dive.spi.ProviderException("flow " + alias + " was created, then " + e.getMessage(), e.permanent());
        }
    }

    @Override
    public void update(ApplyRequest r) {
        String realm = r.address().parentName();
        String alias = r.address().leafName();
        KeycloakApi api = provider.api(r.server());
        JsonNode d = normalize(r.address(), r.desired());
        String id = serverId(r, "authentication flow");
        if (r.changed().contains("description")) {
            api.updateAuthFlow(realm, id, flowRep(alias, d.path("description").asText()).put("id", id));
        }
        if (r.changed().contains("executions")) {
            List<FlowTree.Listed> listed = new ArrayList<>();
            JsonNode current = FlowTree.fromListing(api.flowExecutions(realm, alias), alias, cid -> api.authenticatorConfig(realm, cid), listed);
            if (FlowTree.sameShape(current, d.path("executions"))) {
                patch(r.server(), realm, listed, FlowTree.flatten(d.path("executions")));
            } else {
                rebuild(r.server(), realm, alias, listed, d.path("executions"));
            }
        }
        if (r.changed().contains("bind")) {
            bind(r.server(), realm, alias, d.get("bind"), r.prior() == null ? JSON.createArrayNode() : r.prior().path("bind"));
        }
    }

    /**
     * A new shape: the flow's executions are removed and built again. A bound flow is first copied as it is
     * (Keycloak's copy, under {@code ALIAS-dive-swap}) and its bindings moved to the copy, so that logins go on
     * through the old flow meanwhile; then they come back and the copy goes. A copy left by a rebuild that
     * stopped half-way (its bindings with it) is taken up again.
     */
    private void rebuild(String server, String realm, String alias, List<FlowTree.Listed> listed, JsonNode executions) {
        KeycloakApi api = provider.api(server);
        String swap = alias + "-dive-swap";
        JsonNode realmRep = api.realm(realm);
        ArrayNode bound = bindings(realmRep, alias);
        bindings(realmRep, swap).forEach(bound::add);
        boolean swapExists = flowId(api, realm, swap) != null;
        if (!bound.isEmpty()) {
            if (!swapExists) {
                api.copyAuthFlow(realm, alias, swap);
                swapExists = true;
            }
            bind(server, realm, swap, bound, JSON.createArrayNode());
        }
        for (FlowTree.Listed l : listed) {
            if (l.info().path("level").asInt() == 0) {
                api.removeExecution(realm, l.info().path("id").asText());
            }
        }
        build(server, realm, alias, executions);
        if (!bound.isEmpty()) {
            bind(server, realm, alias, bound, JSON.createArrayNode());
        }
        if (swapExists) {
            api.deleteAuthFlow(realm, flowId(api, realm, swap));
        }
    }

    private static String flowId(KeycloakApi api, String realm, String alias) {
        JsonNode flows = api.authFlows(realm);
        for (JsonNode f : flows == null ? JSON.createArrayNode() : flows) {
            if (f.path("alias").asText().equals(alias)) {
                return f.path("id").asText();
            }
        }
        return null;
    }

    /** Same shape: each execution's requirement and settings brought to the manifest's, one by one. */
    private void patch(String server, String realm, List<FlowTree.Listed> listed, List<JsonNode> wanted) {
        KeycloakApi api = provider.api(server);
        for (int i = 0; i < listed.size(); i++) {
            FlowTree.Listed l = listed.get(i);
            JsonNode w = wanted.get(i);
            if (!l.node().path("requirement").asText().equals(w.path("requirement").asText())) {
                ObjectNode info = l.info().deepCopy();
                info.put("requirement", w.path("requirement").asText());
                api.updateExecution(realm, l.parentFlow(), info);
            }
            boolean settingsDiffer = !l.node().path("config").equals(w.path("config"))
                    || !l.node().path("configAlias").asText().equals(w.path("configAlias").asText());
            if (w.has("authenticator") && settingsDiffer) {
                configure(api, realm, l.info().path("id").asText(), l.info().path("authenticationConfig").asText(""), w);
            }
        }
    }

    /** Sets an execution's configuration: made, changed, or removed when the manifest gives none. */
    private static void configure(KeycloakApi api, String realm, String executionId, String configId, JsonNode wanted) {
        if (!wanted.has("config")) {
            if (!configId.isEmpty()) {
                api.removeAuthenticatorConfig(realm, configId);
            }
            return;
        }
        ObjectNode config = JSON.createObjectNode();
        config.put("alias", wanted.path("configAlias").asText());
        config.set("config", wanted.path("config"));
        if (configId.isEmpty()) {
            api.newExecutionConfig(realm, executionId, config);
        } else {
            config.put("id", configId);
            api.updateAuthenticatorConfig(realm, configId, config);
        }
    }

    /** Appends the executions to a flow that has none, then sets their requirements and settings, then fills the subflows. */
    private void build(String server, String realm, String flowAlias, JsonNode executions) {
        KeycloakApi api = provider.api(server);
        for (JsonNode e : executions) {
            if (e.has("flow")) {
                api.addSubflow(realm, flowAlias, e.path("flow").asText(), e.path("description").asText());
            } else {
                api.addExecution(realm, flowAlias, e.path("authenticator").asText());
            }
        }
        JsonNode listing = api.flowExecutions(realm, flowAlias);
        List<JsonNode> top = new ArrayList<>();
        for (JsonNode l : listing == null ? JSON.createArrayNode() : listing) {
            if (l.path("level").asInt() == 0) {
                top.add(l);
            }
        }
        if (top.size() != executions.size()) {
            throw new ProviderException("GET /admin/realms/" + realm + "/authentication/flows/" + flowAlias + "/executions: " + top.size()
                    + " executions after adding " + executions.size() + " to an empty flow (changed by someone else meanwhile?); run dive apply again");
        }
        for (int i = 0; i < top.size(); i++) {
            JsonNode e = executions.get(i);
            ObjectNode info = top.get(i).deepCopy();
            if (!info.path("requirement").asText().equals(e.path("requirement").asText())) {
                info.put("requirement", e.path("requirement").asText());
                api.updateExecution(realm, flowAlias, info);
            }
            if (e.has("config")) {
                configure(api, realm, info.path("id").asText(), "", e);
            }
            if (e.has("flow")) {
                build(server, realm, e.path("flow").asText(), e.path("executions"));
            }
        }
    }

    /** Points the realm's wanted bindings at this flow, and gives the ones it no longer wants back to Keycloak's built-in flows. */
    private void bind(String server, String realm, String alias, JsonNode wanted, JsonNode had) {
        if (wanted == null) {
            return;
        }
        Set<String> want = new TreeSet<>();
        wanted.forEach(b -> want.add(b.asText()));
        ObjectNode body = JSON.createObjectNode();
        body.put("realm", realm);
        want.forEach(b -> body.put(FlowTree.BINDINGS.get(b)[0], alias));
        had.forEach(b -> {
            if (!want.contains(b.asText()) && FlowTree.BINDINGS.containsKey(b.asText())) {
                String[] binding = FlowTree.BINDINGS.get(b.asText());
                body.put(binding[0], binding[1]);
            }
        });
        if (body.size() > 1) {
            provider.api(server).updateRealm(realm, body);
        }
    }

    @Override
    public void delete(ApplyRequest r) {
        String realm = r.address().parentName();
        KeycloakApi api = provider.api(r.server());
        JsonNode current = api.realm(realm);
        if (current == null) {
            return; // the realm's delete took it
        }
        // Keycloak refuses to delete a bound flow: its bindings go back to the built-in flows first.
        bind(r.server(), realm, r.address().leafName(), JSON.createArrayNode(), bindings(current, r.address().leafName()));
        api.deleteAuthFlow(realm, serverId(r, "authentication flow"));
    }
}
