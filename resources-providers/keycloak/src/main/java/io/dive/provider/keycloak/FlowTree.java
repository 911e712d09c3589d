package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.InvalidAttributeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An authentication flow's executions as a tree, in one canonical shape for the manifest's side and
 * Keycloak's, so that the two compare field by field. An authenticator is
 * {@code {authenticator, requirement[, configAlias, config]}}; a subflow is
 * {@code {flow, requirement, description, executions}}. Keycloak lists a flow's executions flattened,
 * depth first, each with its level: {@link #fromListing} folds that list back into the tree.
 */
final class FlowTree {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> REQUIREMENTS = Set.of("REQUIRED", "ALTERNATIVE", "DISABLED", "CONDITIONAL");
    private static final Set<String> AUTHENTICATOR_FIELDS = Set.of("authenticator", "requirement", "config", "configAlias");
    private static final Set<String> SUBFLOW_FIELDS = Set.of("flow", "requirement", "description", "executions");

    /**
     * The realm's flow bindings: what {@code bind} names, and the realm field that holds each, with the
     * built-in flow Keycloak binds there (what an unbound one goes back to).
     */
    static final Map<String, String[]> BINDINGS = Map.of(
            "browser", new String[] {"browserFlow", "browser"},
            "registration", new String[] {"registrationFlow", "registration"},
            "direct_grant", new String[] {"directGrantFlow", "direct grant"},
            "reset_credentials", new String[] {"resetCredentialsFlow", "reset credentials"},
            "client_authentication", new String[] {"clientAuthenticationFlow", "clients"},
            "docker_auth", new String[] {"dockerAuthenticationFlow", "docker auth"},
            "first_broker_login", new String[] {"firstBrokerLoginFlow", "first broker login"});

    private FlowTree() {
    }

    /**
     * Checks a declared list of executions and returns it in the canonical shape: requirement
     * DISABLED when not given (as Keycloak adds one), config values as text, and a configured
     * authenticator's config named {@code PARENT-AUTHENTICATOR} unless {@code configAlias} says.
     *
     * @param aliases collects every subflow's alias, to find one given twice
     */
    static ArrayNode normalize(JsonNode executions, String pointer, String parent, Set<String> aliases, Set<String> configAliases) {
        ArrayNode out = JSON.createArrayNode();
        if (executions == null || executions.isNull() || executions.isMissingNode()) {
            return out;
        }
        if (!executions.isArray()) {
            throw new InvalidAttributeException(pointer, "expected a list of executions, found " + Representations.kind(executions));
        }
        for (int i = 0; i < executions.size(); i++) {
            JsonNode e = executions.get(i);
            String at = pointer + "/" + i;
            if (!e.isObject()) {
                throw new InvalidAttributeException(at, "expected an execution ({authenticator: ..., requirement: ...} or {flow: ..., executions: [...]}), found "
                        + Representations.kind(e));
            }
            boolean subflow = e.has("flow");
            if (subflow == e.has("authenticator")) {
                throw new InvalidAttributeException(at, "an execution names either an authenticator (its provider id, e.g. auth-otp-form) or a subflow (flow: ALIAS)");
            }
            Set<String> allowed = subflow ? SUBFLOW_FIELDS : AUTHENTICATOR_FIELDS;
            e.fieldNames().forEachRemaining(f -> {
                if (!allowed.contains(f)) {
                    throw new InvalidAttributeException(at + "/" + f, "unknown field; " + (subflow ? "a subflow" : "an authenticator") + " has " + String.join(", ",
                            new java.util.TreeSet<>(allowed)));
                }
            });
            String requirement = e.path("requirement").asText("DISABLED");
            if (!REQUIREMENTS.contains(requirement)) {
                throw new InvalidAttributeException(at + "/requirement", "expected one of REQUIRED, ALTERNATIVE, CONDITIONAL, DISABLED, found " + requirement);
            }
            ObjectNode n = JSON.createObjectNode();
            if (subflow) {
                String alias = text(e, "flow", at);
                if (!aliases.add(alias)) {
                    throw new InvalidAttributeException(at + "/flow", "flow " + alias + " is named twice: a subflow's alias is unique in its realm");
                }
                n.put("flow", alias);
                n.put("requirement", requirement);
                n.put("description", e.path("description").asText(""));
                n.set("executions", normalize(e.get("executions"), at + "/executions", alias, aliases, configAliases));
            } else {
                String authenticator = text(e, "authenticator", at);
                n.put("authenticator", authenticator);
                n.put("requirement", requirement);
                JsonNode config = e.get("config");
                if (config != null && !config.isNull() && !(config.isObject() && config.isEmpty())) {
                    if (!config.isObject()) {
                        throw new InvalidAttributeException(at + "/config", "expected the authenticator's settings (name: value), found " + Representations.kind(config));
                    }
                    ObjectNode values = n.putObject("config");
                    config.fields().forEachRemaining(c -> {
                        if (!c.getValue().isValueNode() || c.getValue().isNull()) {
                            throw new InvalidAttributeException(at + "/config/" + c.getKey(), "expected a value, found " + Representations.kind(c.getValue()));
                        }
                        values.put(c.getKey(), c.getValue().asText());
                    });
                    String configAlias = e.has("configAlias") ? text(e, "configAlias", at) : parent + "-" + authenticator;
                    if (!configAliases.add(configAlias)) {
                        throw new InvalidAttributeException(at + "/configAlias", "configuration " + configAlias + " is named twice in this flow: give each a configAlias");
                    }
                    n.put("configAlias", configAlias);
                } else if (e.has("configAlias")) {
                    throw new InvalidAttributeException(at + "/configAlias", "names a configuration, but the execution has no config");
                }
            }
            out.add(n);
        }
        return out;
    }

    private static String text(JsonNode e, String field, String at) {
        JsonNode v = e.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new InvalidAttributeException(at + "/" + field, "expected a name, found " + Representations.kind(v == null ? JSON.missingNode() : v));
        }
        return v.asText();
    }

    /** One execution as Keycloak lists it, with where it sits in the tree. */
    record Listed(JsonNode info, ObjectNode node, String parentFlow) {
    }

    /**
     * Folds Keycloak's flattened listing of a flow's executions into the tree.
     *
     * @param configs an execution's configuration (alias, config) by its id
     * @param listed  receives each execution as listed, in order, beside its node (for updates)
     */
    static ArrayNode fromListing(JsonNode listing, String flowAlias, java.util.function.Function<String, JsonNode> configs, List<Listed> listed) {
        ArrayNode root = JSON.createArrayNode();
        List<ArrayNode> levels = new ArrayList<>(List.of(root));
        List<String> parents = new ArrayList<>(List.of(flowAlias));
        for (JsonNode e : listing == null ? JSON.createArrayNode() : listing) {
            int level = Math.min(e.path("level").asInt(), levels.size() - 1);
            while (levels.size() > level + 1) {
                levels.remove(levels.size() - 1);
                parents.remove(parents.size() - 1);
            }
            ObjectNode n = JSON.createObjectNode();
            if (e.path("authenticationFlow").asBoolean()) {
                n.put("flow", e.path("displayName").asText());
                n.put("requirement", e.path("requirement").asText());
                n.put("description", e.path("description").asText(""));
                ArrayNode children = n.putArray("executions");
                levels.get(level).add(n);
                listed.add(new Listed(e, n, parents.get(level)));
                levels.add(children);
                parents.add(n.path("flow").asText());
                continue;
            }
            n.put("authenticator", e.path("providerId").asText());
            n.put("requirement", e.path("requirement").asText());
            String configId = e.path("authenticationConfig").asText("");
            JsonNode config = configId.isEmpty() ? null : configs.apply(configId);
            if (config != null) {
                n.put("configAlias", config.path("alias").asText());
                ObjectNode values = n.putObject("config");
                config.path("config").fields().forEachRemaining(c -> values.put(c.getKey(), c.getValue().asText()));
            }
            levels.get(level).add(n);
            listed.add(new Listed(e, n, parents.get(level)));
        }
        return root;
    }

    /** Whether two trees have the same authenticators and subflows in the same places (requirements and settings aside). */
    static boolean sameShape(JsonNode a, JsonNode b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            JsonNode x = a.get(i);
            JsonNode y = b.get(i);
            if (!x.path("authenticator").asText().equals(y.path("authenticator").asText()) || !x.path("flow").asText().equals(y.path("flow").asText())
                    || !x.path("description").asText().equals(y.path("description").asText())
                    || x.has("flow") && !sameShape(x.path("executions"), y.path("executions"))) {
                return false;
            }
        }
        return true;
    }

    /** The tree's nodes, depth first: the order of Keycloak's listing. */
    static List<JsonNode> flatten(JsonNode tree) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : tree) {
            out.add(n);
            if (n.has("flow")) {
                out.addAll(flatten(n.path("executions")));
            }
        }
        return out;
    }
}
