package io.dive.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A capability a {@link Provider} may add: live health of what it runs, beyond "the objects exist as
 * declared" (a container running, healthy, how often it restarted; a replica set's PRIMARY; a server
 * that answers, and how long its certificate has left). {@code dive status} asks every provider that
 * offers it, in parallel with its own observation. A probe reads only; it changes nothing, needs no
 * secret beyond the provider's own connection, and reports a server it cannot reach as a finding,
 * never as an exception.
 */
public interface HealthProbe {

    List<Finding> health(Request request);

    /**
     * @param resources the topology's resources of this provider's types, as the manifest declares them
     *                  (secret references unresolved: a probe needs none)
     */
    record Request(Map<Address, JsonNode> resources) {
    }

    /** How a finding counts: a warning is shown and passes; a failure degrades its instance. */
    enum Level { OK, WARN, FAIL }

    /**
     * One live fact.
     *
     * @param subject the resource it is about, or null for a server
     * @param server  the server it is about (null: the provider's default server), when subject is null
     * @param name    what was checked, short ({@code running}, {@code primary}, {@code certificate})
     * @param detail  what was seen; never a secret
     * @param fix     the command that mends it, {@code {file}} standing for the manifest; null when none
     */
    record Finding(Address subject, String server, String name, Level level, String detail, String fix) {

        public static Finding ofResource(Address subject, String name, Level level, String detail, String fix) {
            return new Finding(subject, null, name, level, detail, fix);
        }

        public static Finding ofServer(String server, String name, Level level, String detail, String fix) {
            return new Finding(null, server, name, level, detail, fix);
        }
    }
}
