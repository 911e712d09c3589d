package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A capability a {@link Provider} may add: end-to-end checks of what it manages, beyond "the objects
 * exist" (Keycloak: every federation link both ways, down to a real brokered login). {@code dive
 * verify} runs the checks of every configured provider that offers them, on the provider's own
 * configured connection, knowing nothing of the server behind it.
 */
public interface Verifier {

    List<Check> verify(Request request);

    /** Whether {@link #verify} checks this resource (a subject of its checks): {@code dive status} reports its last result. */
    default boolean verifies(Address address) {
        return true;
    }

    /**
     * @param resources the topology's resources of this provider's types, secrets resolved (never log them)
     * @param patience  how long one check may be retried (servers are eventually consistent) before it fails
     * @param waiting   where "waiting for ..." lines go while a check is retried
     */
    record Request(Map<Address, JsonNode> resources, Duration patience, Log waiting) {
    }

    /**
     * One check of one subject.
     *
     * @param subject   the resource checked, as an address ({@code link.usa-fra})
     * @param direction which way, where that matters ({@code fra -> usa}), else empty
     * @param detail    what was seen when it failed; null when it passed; never a secret
     */
    record Check(String subject, String direction, String name, boolean ok, String detail) {
    }
}
