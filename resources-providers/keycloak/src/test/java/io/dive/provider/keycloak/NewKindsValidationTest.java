package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.spi.Address;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ResourceKind;
import org.junit.jupiter.api.Test;

/** The manifest's mistakes in the memberships, mappers and identity providers, each named by its field before anything is sent. */
class NewKindsValidationTest {

    final KeycloakProvider provider = new KeycloakProvider();

    InvalidAttributeException refused(String type, String name, String attributes) throws Exception {
        ResourceKind kind = provider.kinds().stream().filter(k -> k.type().equals(type)).findFirst().orElseThrow();
        var a = KeycloakKind.JSON.readTree(attributes.replace('\'', '"'));
        return assertThrows(InvalidAttributeException.class, () -> kind.validate(new Address(type, name), a));
    }

    @Test
    void eachMistakeIsNamedByItsField() throws Exception {
        assertEquals("/protocolMapper", refused("protocol_mapper", "r/portal/clearance", "{'config': {}}").pointer());
        assertEquals("/name", refused("protocol_mapper", "r/portal/clearance", "{'protocolMapper': 'x', 'name': 'y'}").pointer());
        assertTrue(refused("protocol_mapper", "r/portal/clearance", "{'protocolMapper': 'x', 'claim': 'y'}").getMessage().contains("claim"));
        assertEquals("", refused("protocol_mapper", "r/clearance", "{'protocolMapper': 'x'}").pointer(), "no client in the address");
        assertEquals("/alias", refused("identity_provider", "r/partner", "{'providerId': 'oidc', 'alias': 'other'}").pointer());
        assertEquals("/config/clientId", refused("identity_provider", "r/partner", "{'providerId': 'oidc', 'config': {'clientId': ['a']}}").pointer());
        assertEquals("/identityProviderAlias", refused("idp_mapper", "r/partner/m", "{'identityProviderMapper': 'x', 'identityProviderAlias': 'p'}").pointer());
        assertEquals("/users", refused("group_membership", "r/analysts", "{'users': []}").pointer(), "an empty group has no membership");
        assertEquals("/users", refused("group_membership", "r/analysts", "{'users': 'alice'}").pointer());
        assertEquals("/members", refused("group_membership", "r/analysts", "{'members': ['alice']}").pointer());
        assertEquals("/groups/0", refused("role_membership", "r/admin", "{'groups': ['analysts']}").pointer(), "a group is named by its path");
        assertEquals("", refused("role_membership", "r/admin", "{}").pointer());
        InvalidAttributeException overflow = refused("realm", "r", "{'accessTokenLifespan': 99999999999}");
        assertEquals("/accessTokenLifespan", overflow.pointer(), "an overflowing number names its field");
        assertTrue(overflow.getMessage().contains("cannot hold this value"), overflow.getMessage());
        assertEquals("/protocolMappers", refused("client_scope", "r/dive-attrs", "{'protocolMappers': [{'name': 'm', 'protocolMapper': 'oidc-usermodel-attribute-mapper'}]}").pointer(),
                "a client scope's update would not apply them");
    }
}
