package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.spi.TerraformTypes.Mapping;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** terraform-provider-keycloak's objects as the identities of dive's kinds, without a server: what each maps to, or why not. */
class TerraformMappingTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void partsFindTheirWholeInTheSameStateAndWhatDiveDoesNotManageSaysSo() throws Exception {
        Map<String, JsonNode> state = Map.of(
                "keycloak_openid_client/uuid-1", json("{\"id\": \"uuid-1\", \"realm_id\": \"r\", \"client_id\": \"portal\"}"),
                "keycloak_group/g-1", json("{\"id\": \"g-1\", \"realm_id\": \"r\", \"name\": \"analysts\", \"parent_id\": \"\"}"),
                "keycloak_group/g-2", json("{\"id\": \"g-2\", \"realm_id\": \"r\", \"name\": \"fra\", \"parent_id\": \"g-1\"}"));
        java.util.function.BiFunction<String, String, JsonNode> byId = (t, id) -> state.get(t + "/" + id);

        assertEquals(Mapping.of("keycloak user r/alice"),
                TerraformMapping.map("keycloak_user", json("{\"realm_id\": \"r\", \"username\": \"Alice\"}"), byId), "usernames compare without case");
        assertEquals(Mapping.of("keycloak protocol mapper r/portal/clearance"), TerraformMapping.map("keycloak_openid_user_attribute_protocol_mapper",
                json("{\"realm_id\": \"r\", \"client_id\": \"uuid-1\", \"name\": \"clearance\"}"), byId));
        assertEquals(Mapping.of("keycloak group r/analysts/fra", "g-2"),
                TerraformMapping.map("keycloak_group", state.get("keycloak_group/g-2"), byId), "a subgroup's path comes from its parents; its id must match");
        assertEquals(Mapping.of("keycloak role r/dive-admin"),
                TerraformMapping.map("keycloak_role", json("{\"realm_id\": \"r\", \"client_id\": \"\", \"name\": \"dive-admin\"}"), byId));

        assertEquals(Mapping.of("keycloak client role r/portal/x"),
                TerraformMapping.map("keycloak_role", json("{\"realm_id\": \"r\", \"client_id\": \"uuid-1\", \"name\": \"x\"}"), byId));
        assertNull(TerraformMapping.map("keycloak_role", json("{\"realm_id\": \"r\", \"client_id\": \"gone\", \"name\": \"x\"}"), byId).identity());
        Mapping orphan = TerraformMapping.map("keycloak_openid_user_attribute_protocol_mapper", json("{\"realm_id\": \"r\", \"client_id\": \"gone\"}"), byId);
        assertEquals("its client gone is not in this state", orphan.why());
        assertEquals("dive has no kind for keycloak_ldap_user_federation yet",
                TerraformMapping.map("keycloak_ldap_user_federation", json("{\"realm_id\": \"r\"}"), byId).why());
        assertEquals(Mapping.of("keycloak authentication flow r/mfa"),
                TerraformMapping.map("keycloak_authentication_flow", json("{\"realm_id\": \"r\", \"alias\": \"mfa\"}"), byId));
        assertEquals(Mapping.partOf("keycloak authentication flow r/mfa", "an execution of flow mfa"),
                TerraformMapping.map("keycloak_authentication_execution", json("{\"realm_id\": \"r\", \"parent_flow_alias\": \"mfa\"}"), byId));
        assertEquals(Mapping.of("keycloak required action r/CONFIGURE_TOTP"),
                TerraformMapping.map("keycloak_required_action", json("{\"realm_id\": \"r\", \"alias\": \"CONFIGURE_TOTP\"}"), byId));
        assertEquals(Mapping.of("keycloak group membership r/analysts/fra", "g-2"),
                TerraformMapping.map("keycloak_group_memberships", json("{\"realm_id\": \"r\", \"group_id\": \"g-2\", \"members\": [\"alice\"]}"), byId));
        assertTrue(TerraformMapping.map("keycloak_user_roles", json("{\"realm_id\": \"r\"}"), byId).why().contains("role_membership"));
        Mapping idpMapper = TerraformMapping.map("keycloak_attribute_importer_identity_provider_mapper",
                json("{\"id\": \"m-1\", \"realm_id\": \"r\", \"identity_provider_alias\": \"partner\", \"name\": \"clearance\"}"), byId);
        assertEquals("keycloak identity provider mapper r/partner/clearance", idpMapper.identity(), "a declared idp_mapper first");
        assertEquals("m-1", idpMapper.serverId());
        assertEquals(Mapping.partOf("keycloak identity provider r/partner", "a mapper of identity provider partner"), idpMapper.orElse(),
                "else a part of the identity provider (a link's)");
        assertTrue(TerraformMapping.handles("keycloak_realm") && !TerraformMapping.handles("aws_instance"));
    }

    @Test
    void aGroupWhoseParentChainLoopsIsAOneLineErrorNamingIt() throws Exception {
        Map<String, JsonNode> state = Map.of(
                "keycloak_group/g-1", json("{\"id\": \"g-1\", \"realm_id\": \"r\", \"name\": \"a\", \"parent_id\": \"g-2\"}"),
                "keycloak_group/g-2", json("{\"id\": \"g-2\", \"realm_id\": \"r\", \"name\": \"b\", \"parent_id\": \"g-1\"}"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.dive.spi.DiveException.class,
                () -> TerraformMapping.map("keycloak_group", state.get("keycloak_group/g-1"), (t, id) -> state.get(t + "/" + id)));
        assertEquals("keycloak group a (g-1): its parent_id chain loops (g-1 -> g-2 -> g-1); the state is damaged", e.getMessage());
    }
}
