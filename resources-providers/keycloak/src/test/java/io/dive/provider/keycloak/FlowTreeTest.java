package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.Address;
import io.dive.spi.InvalidAttributeException;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** An authentication flow's tree: the manifest's errors named by their field, and Keycloak's flat listing folded back into the tree. */
class FlowTreeTest {

    final AuthFlowKind kind = new AuthFlowKind(new KeycloakProvider());
    final Address flow = new Address("auth_flow", "r/mfa");

    JsonNode json(String s) throws Exception {
        return KeycloakKind.JSON.readTree(s.replace('\'', '"'));
    }

    InvalidAttributeException refused(String attributes) throws Exception {
        JsonNode a = json(attributes);
        return assertThrows(InvalidAttributeException.class, () -> kind.validate(flow, a));
    }

    @Test
    void badExecutionsAreNamedByTheirField() throws Exception {
        assertEquals("/executions/1/requirement", refused("{'executions': [{'authenticator': 'a'}, {'authenticator': 'b', 'requirement': 'OPTIONAL'}]}").pointer());
        assertEquals("/executions/0", refused("{'executions': [{'authenticator': 'a', 'flow': 'f'}]}").pointer());
        assertEquals("/executions/0/executions/0/colour", refused("{'executions': [{'flow': 'f', 'executions': [{'authenticator': 'a', 'colour': 1}]}]}").pointer());
        assertEquals("/executions/1/flow", refused("{'executions': [{'flow': 'f'}, {'flow': 'f'}]}").pointer());
        assertEquals("/executions/0/flow", refused("{'executions': [{'flow': 'mfa'}]}").pointer(), "a subflow cannot take the flow's own alias");
        assertEquals("/executions/0/config/x", refused("{'executions': [{'authenticator': 'a', 'config': {'x': [1]}}]}").pointer());
        assertEquals("/bind", refused("{'bind': 'login'}").pointer());
        assertEquals("/priority", refused("{'priority': 1}").pointer());
    }

    @Test
    void keycloaksListingFoldsIntoTheManifestsShape() throws Exception {
        JsonNode declared = kind.normalize(flow, json("""
                {'executions': [
                  {'authenticator': 'auth-cookie', 'requirement': 'ALTERNATIVE'},
                  {'flow': 'forms', 'requirement': 'ALTERNATIVE', 'executions': [
                    {'authenticator': 'auth-username-password-form', 'requirement': 'REQUIRED'},
                    {'flow': 'otp', 'requirement': 'CONDITIONAL', 'executions': [
                      {'authenticator': 'conditional-user-attribute', 'requirement': 'REQUIRED', 'config': {'attribute_name': 'clearance', 'regex': true}},
                      {'authenticator': 'auth-otp-form'}]}]},
                  {'authenticator': 'auth-spnego'}]}"""));
        JsonNode listing = json("""
                [{'id': '1', 'providerId': 'auth-cookie', 'requirement': 'ALTERNATIVE', 'level': 0, 'index': 0},
                 {'id': '2', 'authenticationFlow': true, 'displayName': 'forms', 'requirement': 'ALTERNATIVE', 'level': 0, 'index': 1},
                 {'id': '3', 'providerId': 'auth-username-password-form', 'requirement': 'REQUIRED', 'level': 1, 'index': 0},
                 {'id': '4', 'authenticationFlow': true, 'displayName': 'otp', 'requirement': 'CONDITIONAL', 'level': 1, 'index': 1},
                 {'id': '5', 'providerId': 'conditional-user-attribute', 'requirement': 'REQUIRED', 'authenticationConfig': 'c1', 'level': 2, 'index': 0},
                 {'id': '6', 'providerId': 'auth-otp-form', 'requirement': 'DISABLED', 'level': 2, 'index': 1},
                 {'id': '7', 'providerId': 'auth-spnego', 'requirement': 'DISABLED', 'level': 0, 'index': 2}]""");
        JsonNode config = json("{'alias': 'otp-conditional-user-attribute', 'config': {'attribute_name': 'clearance', 'regex': 'true'}}");
        var listed = new ArrayList<FlowTree.Listed>();
        JsonNode observed = FlowTree.fromListing(listing, "mfa", id -> id.equals("c1") ? config : null, listed);
        assertEquals(declared.get("executions"), observed);
        assertEquals(7, listed.size());
        assertEquals("otp", listed.get(4).parentFlow(), "the condition sits in the otp subflow");
        assertEquals("mfa", listed.get(6).parentFlow(), "back at the top after the subflows");
        assertTrue(FlowTree.sameShape(observed, declared.get("executions")));
        JsonNode moved = kind.normalize(flow, json("{'executions': [{'authenticator': 'auth-spnego'}, {'authenticator': 'auth-cookie'}]}"));
        assertFalse(FlowTree.sameShape(observed, moved.get("executions")));
    }
}
