package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.exception.NotFoundException;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceRef;
import io.dive.spi.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code postgres_password.CONTAINER/ROLE}: the password of a PostgreSQL role, set inside the running
 * container that serves it. A rotation changes it there first ({@code ALTER ROLE}); the containers that log
 * in with it depend on this resource, so they are recreated with the new value only after PostgreSQL knows
 * it. (The image's POSTGRES_PASSWORD is read at the first start only: recreating the database's container
 * with a new one changes nothing in its data directory.)
 *
 * <p>dive runs {@code psql} in the container over the local socket as {@code admin_user} (default: the
 * role; the images trust local connections), the statement in the exec's environment with a SCRAM-SHA-256
 * verifier made here: the password never reaches a command line, the server, or its logs. PostgreSQL
 * cannot show a password, so a change is seen by its fingerprint in state, like a Keycloak user's.
 * Attributes: {@code password} (required), {@code admin_user}, {@code database} (default postgres),
 * {@code endpoint}. A delete forgets the resource and leaves the role: its data may belong to it.
 */
final class PostgresPasswordKind extends io.dive.spi.ServicePasswordKind {

    static final String TYPE = "postgres_password";
    private static final List<String> KEYS = List.of("password", "admin_user", "database", "endpoint");
    private static final Duration STARTING = Duration.ofSeconds(60);
    private final DockerProvider provider;

    PostgresPasswordKind(DockerProvider provider) {
        super(TYPE, KEYS, "the role");
        this.provider = provider;
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        if (address.name().indexOf('/') <= 0 || address.name().endsWith("/")) {
            throw new InvalidAttributeException("", "the name must be CONTAINER/ROLE, e.g. dive-hub-postgres/keycloak");
        }
        super.validate(address, desired);
    }

    @Override
    public JsonNode normalize(Address address, JsonNode desired) {
        ObjectNode n = desired.deepCopy();
        n.put("admin_user", desired.path("admin_user").asText(role(address)));
        n.put("database", desired.path("database").asText("postgres"));
        n.put("endpoint", desired.path("endpoint").asText("default"));
        return n;
    }

    /** The container it lives in: a rotation waits for it, and its consumers wait for the rotation. */
    @Override
    public Set<Address> dependencies(Address address, JsonNode desired) {
        return Set.of(new Address("container", container(address)));
    }

    static String container(Address a) {
        return a.name().substring(0, a.name().indexOf('/'));
    }

    static String role(Address a) {
        return a.name().substring(a.name().indexOf('/') + 1);
    }

    /**
     * The role as PostgreSQL has it: null when its container is not running or the role does not exist.
     * The password cannot be read back; state's fingerprint stands in for it.
     */
    @Override
    public JsonNode read(ResourceRef ref) {
        JsonNode d = ref.desired() != null ? ref.desired() : ref.recorded();
        ObjectNode n = normalize(ref.address(), d == null ? ContainerSpec.JSON.createObjectNode() : d).deepCopy();
        n.remove("password");
        String container = container(ref.address());
        ContainerExec.Result r;
        try {
            var c = provider.client(n.get("endpoint").asText()).inspectContainerCmd(container).exec();
            if (!Boolean.TRUE.equals(c.getState().getRunning())) {
                return null;
            }
            r = psql(n, container, "SELECT rolname FROM pg_roles WHERE rolname = " + literal(role(ref.address())) + ";\n", false);
        } catch (NotFoundException gone) {
            return null;
        }
        if (r.exitCode() == 2) {
            return null; // running, but its server does not take connections yet: as good as absent
        }
        failed(r, "read role " + role(ref.address()), container);
        return r.out().strip().isEmpty() ? null : n;
    }

    @Override
    protected void set(ApplyRequest r) {
        JsonNode d = normalize(r.address(), r.desired());
        String role = role(r.address());
        String container = container(r.address());
        // Made on first use, as PostgreSQL's own CREATE ROLE ... LOGIN would, when the image made none.
        String sql = "DO $dive$ BEGIN\n"
                + "  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = " + literal(role) + ") THEN\n"
                + "    ALTER ROLE " + identifier(role) + " WITH PASSWORD " + literal(ScramVerifier.of(d.get("password").asText())) + ";\n"
                + "  ELSE\n"
                + "    CREATE ROLE " + identifier(role) + " WITH LOGIN PASSWORD " + literal(ScramVerifier.of(d.get("password").asText())) + ";\n"
                + "  END IF;\n"
                + "END $dive$;\n";
        // A database container just (re)started may refuse connections for a few seconds.
        ContainerExec.Result[] last = new ContainerExec.Result[1];
        String waited = Retry.until(STARTING, Retry.Backoff.POLL, () -> {
            last[0] = null;
            last[0] = psql(d, container, sql, true);
            return last[0].exitCode() == 2 ? "PostgreSQL in " + container + " does not take connections yet: " + firstLine(last[0].err()) : null;
        }, null);
        if (last[0] == null) {
            throw new ProviderException("postgres_password: ALTER ROLE " + role + " PASSWORD in container " + container + ": " + waited);
        }
        failed(last[0], "ALTER ROLE " + role + " PASSWORD", container);
    }

    /** psql over the local socket, the statement from the environment (piped in by the shell, so never on a command line). */
    private ContainerExec.Result psql(JsonNode d, String container, String sql, boolean write) {
        List<String> cmd = List.of("sh", "-c", "printf '%s' \"$DIVE_SQL\" | psql -X -q -A -t -v ON_ERROR_STOP=1 -U \"$DIVE_PG_USER\" -d \"$DIVE_PG_DATABASE\" -f -");
        List<String> env = List.of("DIVE_SQL=" + sql, "DIVE_PG_USER=" + d.get("admin_user").asText(), "DIVE_PG_DATABASE=" + d.get("database").asText());
        return ContainerExec.run(provider.client(d.get("endpoint").asText()), container, cmd, env, write ? 120 : 30);
    }

    private static void failed(ContainerExec.Result r, String call, String container) {
        if (r.exitCode() != 0) {
            throw new ProviderException("postgres_password: " + call + " in container " + container + " (psql exit " + r.exitCode() + "): "
                    + firstLine(r.err()));
        }
    }

    /** psql's first line says what failed; the lines after it may quote the statement (the verifier). */
    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return brief(line);
    }

    private static String brief(String s) {
        String m = s.replaceAll("\\s+", " ").strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static String identifier(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
