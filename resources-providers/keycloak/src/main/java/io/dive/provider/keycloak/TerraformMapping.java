package io.dive.provider.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.TerraformTypes.Mapping;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * terraform-provider-keycloak's types (keycloak/keycloak and mrparkers/keycloak: the same schema) as the
 * identities of dive's Keycloak kinds. {@code realm_id} is the realm's name, as that provider makes it.
 * A realm's user profile is part of dive's realm; an identity provider and its mappers, of the link that
 * makes them (a client scope's protocol mapper, of its scope). Types dive has no kind for yet are named.
 */
final class TerraformMapping {

    private TerraformMapping() {
    }

    static boolean handles(String type) {
        return type.startsWith("keycloak_");
    }

    static Mapping map(String type, JsonNode a, BiFunction<String, String, JsonNode> byId) {
        String realm = a.path("realm_id").asText(a.path("realm").asText(""));
        return switch (type) {
            case "keycloak_realm" -> Mapping.of("keycloak realm " + a.path("realm").asText(), a.path("id").asText());
            case "keycloak_realm_user_profile" -> Mapping.partOf("keycloak realm " + realm, "its user profile");
            case "keycloak_openid_client", "keycloak_saml_client" -> Mapping.of("keycloak client " + realm + "/" + a.path("client_id").asText(),
                    a.path("id").asText());
            case "keycloak_user" -> Mapping.of("keycloak user " + realm + "/" + a.path("username").asText().toLowerCase(Locale.ROOT), a.path("id").asText());
            case "keycloak_openid_client_scope" -> Mapping.of("keycloak client scope " + realm + "/" + a.path("name").asText(), a.path("id").asText());
            case "keycloak_oidc_identity_provider", "keycloak_saml_identity_provider" ->
                    Mapping.of("keycloak identity provider " + realm + "/" + a.path("alias").asText());
            case "keycloak_custom_identity_provider_mapper", "keycloak_attribute_importer_identity_provider_mapper",
                 "keycloak_hardcoded_attribute_identity_provider_mapper", "keycloak_user_template_importer_identity_provider_mapper" ->
                    Mapping.of("keycloak identity provider mapper " + realm + "/" + a.path("identity_provider_alias").asText() + "/" + a.path("name").asText(),
                            a.path("id").asText()).orElse(Mapping.partOf("keycloak identity provider " + realm + "/" + a.path("identity_provider_alias").asText(),
                            "a mapper of identity provider " + a.path("identity_provider_alias").asText()));
            case "keycloak_openid_user_attribute_protocol_mapper", "keycloak_openid_hardcoded_claim_protocol_mapper",
                 "keycloak_openid_user_property_protocol_mapper", "keycloak_openid_audience_protocol_mapper" -> clientMapper(realm, a, byId);
            case "keycloak_role" -> a.path("client_id").asText("").isEmpty()
                    ? Mapping.of("keycloak role " + realm + "/" + a.path("name").asText(), a.path("id").asText())
                    : clientRole(realm, a, byId);
            case "keycloak_required_action" -> Mapping.of("keycloak required action " + realm + "/" + a.path("alias").asText());
            case "keycloak_group" -> {
                String path = groupPath(a, byId);
                yield path == null ? Mapping.unmapped("its parent group is not in this state") : Mapping.of("keycloak group " + realm + path, a.path("id").asText());
            }
            case "keycloak_authentication_flow" -> Mapping.of("keycloak authentication flow " + realm + "/" + a.path("alias").asText(), a.path("id").asText());
            case "keycloak_authentication_subflow", "keycloak_authentication_execution" -> flowPart(realm, a.path("parent_flow_alias").asText(),
                    "an execution of flow " + a.path("parent_flow_alias").asText());
            case "keycloak_authentication_execution_config" -> {
                JsonNode execution = byId.apply("keycloak_authentication_execution", a.path("execution_id").asText());
                yield execution == null ? Mapping.unmapped("its execution " + a.path("execution_id").asText() + " is not in this state")
                        : flowPart(realm, execution.path("parent_flow_alias").asText(), "an authenticator's config in flow "
                                + execution.path("parent_flow_alias").asText());
            }
            case "keycloak_authentication_bindings" -> Mapping.partOf("keycloak realm " + realm, "its flow bindings (dive's auth_flow bind)");
            case "keycloak_group_memberships" -> {
                JsonNode group = byId.apply("keycloak_group", a.path("group_id").asText());
                String path = group == null ? null : groupPath(group, byId);
                yield path == null ? Mapping.unmapped("its group " + a.path("group_id").asText() + " is not in this state")
                        : Mapping.of("keycloak group membership " + realm + path, a.path("group_id").asText());
            }
            case "keycloak_user_groups", "keycloak_user_roles", "keycloak_group_roles" -> Mapping.unmapped(
                    "dive keeps memberships per group and per role (group_membership, role_membership), not per " + (type.contains("user_") ? "user" : "group")
                            + ": declare those; Terraform's stay until you remove them");
            default -> Mapping.unmapped("dive has no kind for " + type + " yet");
        };
    }

    /**
     * Executions and subflows are parts of dive's top-level flow (its executions tree). Terraform names the
     * flow they sit in by alias: a top-level flow's parts are found by it; those of a nested subflow are
     * reported as unmapped by the manifest's import (no flow of that alias) and are adopted with their flow.
     */
    private static Mapping flowPart(String realm, String parentAlias, String what) {
        return Mapping.partOf("keycloak authentication flow " + realm + "/" + parentAlias, what);
    }

    /** A client role names its client by uuid, like a protocol mapper. */
    private static Mapping clientRole(String realm, JsonNode a, BiFunction<String, String, JsonNode> byId) {
        JsonNode client = byId.apply("keycloak_openid_client", a.path("client_id").asText());
        return client == null ? Mapping.unmapped("its client " + a.path("client_id").asText() + " is not in this state")
                : Mapping.of("keycloak client role " + realm + "/" + client.path("client_id").asText() + "/" + a.path("name").asText(), a.path("id").asText());
    }

    /**
     * A group's path: its parents (by parent_id, in the same state) and its name; null when a parent is not
     * in the state. A chain of parents that comes back to a group it passed is a damaged state: an error
     * naming the group, never a stack overflow.
     */
    private static String groupPath(JsonNode a, BiFunction<String, String, JsonNode> byId) {
        java.util.Deque<String> names = new java.util.ArrayDeque<>();
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (JsonNode g = a; ; ) {
            if (!seen.add(g.path("id").asText())) {
                throw new io.dive.spi.DiveException("keycloak group " + a.path("name").asText() + " (" + a.path("id").asText()
                        + "): its parent_id chain loops (" + String.join(" -> ", seen) + " -> " + g.path("id").asText() + "); the state is damaged");
            }
            names.addFirst(g.path("name").asText());
            String parent = g.path("parent_id").asText("");
            if (parent.isEmpty()) {
                return "/" + String.join("/", names);
            }
            g = byId.apply("keycloak_group", parent);
            if (g == null) {
                return null;
            }
        }
    }

    /**
     * A protocol mapper names its client by uuid: the client in the same state says which it is. A client's
     * mapper is dive's protocol_mapper; a client scope's is part of the scope (its claims).
     */
    private static Mapping clientMapper(String realm, JsonNode a, BiFunction<String, String, JsonNode> byId) {
        if (a.hasNonNull("client_scope_id")) {
            JsonNode scope = byId.apply("keycloak_openid_client_scope", a.get("client_scope_id").asText());
            return scope == null ? Mapping.unmapped("its client scope " + a.get("client_scope_id").asText() + " is not in this state")
                    : Mapping.partOf("keycloak client scope " + realm + "/" + scope.path("name").asText(), "a protocol mapper of it");
        }
        JsonNode client = byId.apply("keycloak_openid_client", a.path("client_id").asText());
        return client == null ? Mapping.unmapped("its client " + a.path("client_id").asText() + " is not in this state")
                : Mapping.of("keycloak protocol mapper " + realm + "/" + client.path("client_id").asText() + "/" + a.path("name").asText());
    }
}
