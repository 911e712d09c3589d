package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.spi.ProviderException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/**
 * How Keycloak's answers are sorted, which decides what the engine tries again: a server error and a
 * proxy's or a restart's 502-504 pass (Keycloak rolls a failed request back; under load its user cache
 * once answered a create with a NullPointerException's 500); a 409 is "it exists"; another 4xx is a
 * refusal, never sent again.
 */
class AdminCallsTest {

    static ProviderException answer(int status) {
        return AdminCalls.answered("POST /admin/realms/r/users", Response.status(status).entity("{\"error\":\"unknown_error\"}").build());
    }

    @Test
    void serverErrorsPassConflictsExistRefusalsArePermanent() {
        for (int status : new int[] {500, 502, 503, 504}) {
            assertTrue(answer(status).passing(), status + " passes");
            assertFalse(answer(status).permanent(), status + " is not a refusal");
        }
        assertTrue(answer(409).exists() && answer(409).permanent());
        assertTrue(answer(400).permanent() && !answer(400).passing() && !answer(400).exists());
        assertTrue(answer(500).getMessage().contains("Keycloak answered 500 {\"error\":\"unknown_error\"}"));
    }
}
