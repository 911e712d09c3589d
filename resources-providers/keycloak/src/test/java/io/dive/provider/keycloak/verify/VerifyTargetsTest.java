package io.dive.provider.keycloak.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.spi.Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The user dive verify logs in with: a test user whose login asks no second factor, since a scripted login cannot give one. */
class VerifyTargetsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTestUserThatTheRealmMfaLetsInWithAPasswordIsPreferred() throws Exception {
        Map<Address, com.fasterxml.jackson.databind.JsonNode> resources = new LinkedHashMap<>();
        resources.put(new Address("user", "r/testuser-r-1"), JSON.readTree("{\"password\": \"p1\", \"attributes\": {\"clearance\": [\"SECRET\"]}}"));
        resources.put(new Address("user", "r/testuser-r-2"), JSON.readTree("{\"password\": \"p2\", \"attributes\": {\"clearance\": \"UNCLASSIFIED\"}}"));
        resources.put(new Address("user", "r/admin-r"), JSON.readTree("{\"password\": \"p3\"}"));
        resources.put(new Address("user", "h/testuser-h-1"), JSON.readTree("{\"password\": \"p4\", \"attributes\": {\"clearance\": [\"TOP_SECRET\"]}}"));
        resources.put(new Address("link", "h-r"), JSON.readTree("{\"hub\": {\"realm\": \"h\", \"alias\": \"r-idp\", \"client\": \"r\"},"
                + " \"spoke\": {\"realm\": \"r\", \"alias\": \"h-idp\", \"client\": \"h\"}, \"secret\": \"s\"}"));
        List<LinkToVerify> links = VerifyTargets.from(resources, (a, side) -> null);
        assertEquals("testuser-r-2", links.get(0).spoke().username(), "the UNCLASSIFIED test user, before a SECRET one and before a non-test user");
        assertEquals(List.of("UNCLASSIFIED"), links.get(0).spoke().expectedAttributes().get("clearance"));
        assertEquals("testuser-h-1", links.get(0).hub().username(), "with no other choice, the only user (whose login may then stop at the OTP)");
    }
}
