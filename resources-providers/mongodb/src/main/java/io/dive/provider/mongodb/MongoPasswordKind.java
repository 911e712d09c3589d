package io.dive.provider.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.Address;
import io.dive.spi.ApplyRequest;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceKind;
import io.dive.spi.ResourceRef;
import java.time.Duration;
import java.util.Set;

/**
 * {@code mongodb_password.NAME}: the password of the user dive logs in to its MongoDB server with, kept in
 * MongoDB itself. The mongo image reads MONGO_INITDB_ROOT_PASSWORD at its first start only, so a rotated
 * secret must be set inside the running server: dive logs in with the server's {@code previous_password}
 * when {@code password} is refused and runs {@code updateUser} with the new one; the containers that log in
 * with it depend on this resource, so they are recreated only after. Its one attribute, {@code password},
 * is the server's {@code password} (the same reference; checked before anything is contacted). A delete
 * forgets it: the user stays.
 */
final class MongoPasswordKind implements ResourceKind {

    static final String TYPE = "mongodb_password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private MongoConnections connections = MongoConnections.none();

    void connections(MongoConnections c) {
        this.connections = c;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> sensitive() {
        return Set.of("/password");
    }

    @Override
    public void validate(Address address, JsonNode desired) {
        desired.fieldNames().forEachRemaining(k -> {
            if (!k.equals("password")) {
                throw new InvalidAttributeException("/" + k, "unknown attribute \"" + k + "\" (allowed: password)");
            }
        });
        if (!desired.path("password").isTextual()) {
            throw new InvalidAttributeException("/password", desired.has("password") ? "expected a string"
                    : "missing: the server's password (the same secret reference)");
        }
    }

    @Override
    public String deletionNote(JsonNode observed) {
        return "the MongoDB user and its password stay";
    }

    /** The user as MongoDB has it: its password is whichever of the server's two logged in. */
    @Override
    public JsonNode read(ResourceRef ref) {
        JsonNode s = connections.server(ref.server());
        if (s == null || !s.hasNonNull("username")) {
            return null;
        }
        try (var login = closing(connections.login(ref.server(), "?", Duration.ofSeconds(10)))) {
            ObjectNode o = JSON.createObjectNode();
            o.put("password", s.path(login.login().previous() ? "previous_password" : "password").asText());
            return o;
        }
    }

    @Override
    public void create(ApplyRequest r) {
        rotate(r);
    }

    @Override
    public void update(ApplyRequest r) {
        rotate(r);
    }

    /** Forgets the resource: the user stays. */
    @Override
    public void delete(ApplyRequest r) {
    }

    private void rotate(ApplyRequest r) {
        JsonNode s = connections.server(r.server());
        if (s == null || !s.hasNonNull("username")) {
            throw new ProviderException(r.address() + ": its server " + r.server() + " declares no username to rotate the password of");
        }
        String wanted = r.desired().path("password").asText();
        if (!wanted.equals(s.path("password").asText())) {
            throw new ProviderException(r.address() + ": its password is not server " + r.server() + "'s password: give the same secret reference");
        }
        try (var login = closing(connections.login(r.server(), "?", Duration.ofSeconds(30)))) {
            if (!login.login().previous()) {
                return; // MongoDB already takes the current password
            }
            String user = s.get("username").asText();
            try {
                login.login().client().getDatabase("admin").runCommand(new org.bson.Document("updateUser", user).append("pwd", wanted));
            } catch (com.mongodb.MongoCommandException e) {
                throw new ProviderException(r.address() + ": updateUser " + user + " on server " + r.server() + ": " + e.getErrorCode() + " "
                        + e.getErrorCodeName() + ": " + e.getErrorMessage());
            }
        }
    }

    /** A login closed with try-with-resources. */
    private record Closing(MongoConnections.Login login) implements AutoCloseable {
        @Override
        public void close() {
            login.client().close();
        }
    }

    private static Closing closing(MongoConnections.Login login) {
        return new Closing(login);
    }
}
