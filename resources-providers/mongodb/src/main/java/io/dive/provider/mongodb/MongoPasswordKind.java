package io.dive.provider.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.ApplyRequest;
import io.dive.spi.ProviderException;
import io.dive.spi.ResourceRef;
import java.time.Duration;

/**
 * {@code mongodb_password.NAME}: the password of the user dive logs in to its MongoDB server with, kept in
 * MongoDB itself. The mongo image reads MONGO_INITDB_ROOT_PASSWORD at its first start only, so a rotated
 * secret must be set inside the running server: dive logs in with the server's {@code previous_password}
 * when {@code password} is refused and runs {@code updateUser} with the new one; the containers that log in
 * with it depend on this resource, so they are recreated only after. Its one attribute, {@code password},
 * is the server's {@code password} (the same reference; checked before anything is contacted). A delete
 * forgets it: the user stays.
 */
final class MongoPasswordKind extends io.dive.spi.ServicePasswordKind {

    static final String TYPE = "mongodb_password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private MongoConnections connections = MongoConnections.none();

    MongoPasswordKind() {
        super(TYPE, java.util.List.of("password"), "the MongoDB user");
    }

    void connections(MongoConnections c) {
        this.connections = c;
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
    protected void set(ApplyRequest r) {
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
