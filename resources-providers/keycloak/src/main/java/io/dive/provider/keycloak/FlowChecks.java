package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.Address;
import io.dive.spi.Provider.Bindings;
import io.dive.spi.Provider.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What only the whole topology shows about a realm's authentication flows, checked before anything is
 * contacted. Keycloak keeps one namespace of flow aliases per realm, subflows included, and one flow in
 * each binding slot; a topology that breaks either would cross-wire flows (one flow's step put into the
 * other's subflow of the same alias), fail at apply with a 409, or move a binding back and forth on
 * every apply. Each is refused naming both places.
 */
final class FlowChecks {

    /**
     * The flows every new realm has (Keycloak 26), each with the built-in top-level flow it belongs to: a
     * subflow may take one of these aliases only inside that very flow (a topology that adopts it).
     */
    static final Map<String, String> BUILT_IN = builtIn();

    private FlowChecks() {
    }

    private static Map<String, String> builtIn() {
        Map<String, String> m = new HashMap<>();
        for (String top : List.of("browser", "direct grant", "registration", "reset credentials", "clients", "first broker login", "docker auth")) {
            m.put(top, top);
        }
        for (String sub : List.of("forms", "Organization", "Browser - Conditional Organization", "Browser - Conditional 2FA")) {
            m.put(sub, "browser");
        }
        m.put("Direct Grant - Conditional OTP", "direct grant");
        m.put("registration form", "registration");
        m.put("Reset - Conditional OTP", "reset credentials");
        for (String sub : List.of("User creation or linking", "Handle Existing Account", "Account verification options",
                "Verify Existing Account by Re-authentication", "First broker login - Conditional 2FA", "First Broker Login - Conditional Organization")) {
            m.put(sub, "first broker login");
        }
        return Map.copyOf(m);
    }

    /** Where one alias or slot was first claimed. */
    private record Claim(Address address, String pointer) {
    }

    static List<Problem> check(Bindings bindings) {
        List<Problem> out = new ArrayList<>();
        // Per realm (its server and name): the flows declared at top level, the subflow aliases, the slots.
        Map<String, Map<String, Claim>> topLevel = new LinkedHashMap<>();
        bindings.resources().forEach((a, attrs) -> {
            if (a.type().equals(AuthFlowKind.TYPE)) {
                topLevel.computeIfAbsent(realmKey(bindings, a), k -> new LinkedHashMap<>()).put(a.leafName(), new Claim(a, ""));
            }
        });
        Map<String, Map<String, Claim>> subflows = new HashMap<>();
        Map<String, Map<String, Claim>> slots = new HashMap<>();
        bindings.resources().forEach((a, attrs) -> {
            if (!a.type().equals(AuthFlowKind.TYPE)) {
                return;
            }
            String realm = realmKey(bindings, a);
            Map<String, Claim> aliases = subflows.computeIfAbsent(realm, k -> new HashMap<>());
            walk(attrs.get("executions"), "/executions", (alias, pointer) -> {
                Claim top = topLevel.getOrDefault(realm, Map.of()).get(alias);
                String owner = BUILT_IN.get(alias);
                Claim first = aliases.putIfAbsent(alias, new Claim(a, pointer));
                if (top != null) {
                    out.add(new Problem(a, pointer, "subflow alias \"" + alias + "\" is the alias of a flow this realm declares: a realm's flows"
                            + " and subflows share one set of aliases; give the subflow another", top.address(), top.pointer()));
                } else if (owner != null && !owner.equals(a.leafName())) {
                    out.add(new Problem(a, pointer, "subflow alias \"" + alias + "\" is taken in every new realm (by Keycloak's built-in flow \""
                            + owner + "\"): give the subflow another alias"));
                } else if (first != null && !first.address().equals(a)) {
                    out.add(new Problem(a, pointer, "subflow alias \"" + alias + "\" is used by another flow of realm " + a.parentName()
                            + ": a subflow's alias is unique in its realm, across all its flows", first.address(), first.pointer()));
                }
            });
            JsonNode bind = attrs.get("bind");
            if (bind != null) {
                Map<String, Claim> taken = slots.computeIfAbsent(realm, k -> new HashMap<>());
                List<JsonNode> each = new ArrayList<>();
                (bind.isArray() ? bind : List.of(bind)).forEach(each::add);
                for (int i = 0; i < each.size(); i++) {
                    String pointer = bind.isArray() ? "/bind/" + i : "/bind";
                    Claim first = taken.putIfAbsent(each.get(i).asText(), new Claim(a, pointer));
                    if (first != null && !first.address().equals(a)) {
                        out.add(new Problem(a, pointer, "the realm's " + each.get(i).asText() + " binding is claimed by two flows: a binding has one flow",
                                first.address(), first.pointer()));
                    }
                }
            }
        });
        return out;
    }

    /** Each subflow's alias and the pointer to its {@code flow} field, depth first. */
    private static void walk(JsonNode executions, String pointer, java.util.function.BiConsumer<String, String> subflow) {
        if (executions == null || !executions.isArray()) {
            return; // its own shape is checked with the flow (FlowTree)
        }
        for (int i = 0; i < executions.size(); i++) {
            JsonNode e = executions.get(i);
            if (e.path("flow").isTextual()) {
                subflow.accept(e.get("flow").asText(), pointer + "/" + i + "/flow");
                walk(e.get("executions"), pointer + "/" + i + "/executions", subflow);
            }
        }
    }

    private static String realmKey(Bindings bindings, Address flow) {
        return bindings.serverOf(flow) + "\u0000" + flow.parentName();
    }
}
