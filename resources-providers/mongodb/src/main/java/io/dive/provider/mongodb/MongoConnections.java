package io.dive.provider.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How to reach a mongod: {@code host:port} directly (no replica-set discovery), with the provider's
 * credentials: {@code providers.mongodb: {username, password, hosts: {HOST: {username, password}}}}
 * (per-host entries win: each DIVE instance has its own MongoDB password). A resource bound to a
 * server ({@code servers:} entry of provider mongodb) is reached at that server's {@code connect}
 * address instead (the port a container publishes on 127.0.0.1), with its credentials: its
 * {@code host} stays the member's name on the containers' network.
 *
 * <p>TLS: {@code tls: true} (in a server's entry, a host's entry or the provider's block) turns it on,
 * verifying the server's certificate and host name against {@code ca:} (a PEM beside the manifest; the
 * JDK's CAs without one). A connection without TLS to a host that is not loopback would send the SCRAM
 * exchange and every document in clear: it is refused unless the entry says {@code insecure: true},
 * which every run then prints.
 */
final class MongoConnections {

    static final java.util.List<String> SERVER_KEYS = java.util.List.of("connect", "username", "password", "previous_password", "tls", "ca",
            "insecure");

    private final JsonNode config;
    private final java.util.Map<String, JsonNode> servers;
    private final java.nio.file.Path baseDir;
    private final io.dive.spi.FileRoots roots;
    private final java.util.Map<String, javax.net.ssl.SSLContext> contexts = new java.util.concurrent.ConcurrentHashMap<>();

    MongoConnections(JsonNode config, java.util.Map<String, JsonNode> servers, java.nio.file.Path baseDir, io.dive.spi.FileRoots roots) {
        this.config = config;
        this.servers = servers;
        this.baseDir = baseDir;
        this.roots = roots;
    }

    /** Before configure: no settings, nothing but loopback reachable. */
    static MongoConnections none() {
        java.nio.file.Path here = java.nio.file.Path.of("");
        return new MongoConnections(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(), java.util.Map.of(), here,
                io.dive.spi.FileRoots.of(here, null));
    }

    /** What each run must say: the entries the operator let go in plaintext to another machine. */
    java.util.List<String> warnings() {
        java.util.List<String> out = new java.util.ArrayList<>();
        servers.forEach((name, s) -> {
            String host = s.path("connect").asText();
            if (!setting(s, "tls").asBoolean(false) && io.dive.spi.Loopback.remote(host)
                    && setting(s, "insecure").asBoolean(false)) {
                out.add("insecure: mongodb server " + name + " (" + host + ") is reached without TLS: its password and documents travel in clear");
            }
        });
        return out;
    }

    /** An entry's own setting, else the provider block's. */
    private JsonNode setting(JsonNode entry, String key) {
        return entry.has(key) ? entry.get(key) : config.path(key);
    }

    /** A server's entry (secrets resolved), or null. */
    JsonNode server(String name) {
        return name == null ? null : servers.get(name);
    }

    /** A client for a resource's {@code host}, through its server when it has one (null: none). */
    MongoClient open(String host, String server, Duration serverSelection) {
        if (server == null) {
            return open(host, serverSelection);
        }
        JsonNode s = servers.get(server);
        if (s == null) {
            throw new io.dive.spi.ProviderException("mongodb: no server \"" + server + "\" is declared in servers:");
        }
        return login(server, host, serverSelection).client();
    }

    /** A client logged in to a server, and whether it took the server's previous password (a rotation is due). */
    record Login(MongoClient client, boolean previous) {
    }

    /**
     * Logs in to a server with its {@code password}; when MongoDB refuses it and the entry gives a
     * {@code previous_password} (a rotation under way: {@link MongoPasswordKind}), with that one.
     */
    Login login(String server, String host, Duration serverSelection) {
        JsonNode s = servers.get(server);
        if (s == null) {
            throw new io.dive.spi.ProviderException("mongodb: no server \"" + server + "\" is declared in servers:");
        }
        String address = s.path("connect").asText(host);
        MongoClient client = connect(address, s, serverSelection, s.path("password").asText(null));
        if (!s.hasNonNull("previous_password") || !s.hasNonNull("username")) {
            return new Login(client, false);
        }
        try {
            client.getDatabase("admin").runCommand(new org.bson.Document("ping", 1));
            return new Login(client, false);
        } catch (RuntimeException e) {
            client.close();
            if (!refused(e)) {
                throw e;
            }
        }
        MongoClient previous = connect(address, s, serverSelection, s.get("previous_password").asText());
        try {
            previous.getDatabase("admin").runCommand(new org.bson.Document("ping", 1));
        } catch (RuntimeException e) {
            previous.close();
            throw refused(e) ? new io.dive.spi.ProviderException("mongodb server " + server + ": login as \"" + s.path("username").asText()
                    + "\" refused with password and with previous_password") : e;
        }
        return new Login(previous, true);
    }

    /** What MongoDB answered, for a message: a refused login says so, and what to give when a password was rotated. */
    static String answer(RuntimeException e) {
        if (refused(e)) {
            return "login refused (AuthenticationFailed: wrong user or password; if its password was rotated, give the one MongoDB has now"
                    + " as the server's previous_password)";
        }
        return e.getMessage();
    }

    /** Whether MongoDB refused the credentials (AuthenticationFailed), as opposed to not answering. */
    static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.mongodb.MongoSecurityException || t instanceof com.mongodb.MongoCommandException c && c.getErrorCode() == 18) {
                return true;
            }
        }
        return false;
    }

    MongoClient open(String host, Duration serverSelection) {
        return connect(host, config.path("hosts").has(host) ? config.path("hosts").get(host) : config, serverSelection);
    }

    private MongoClient connect(String host, JsonNode c, Duration serverSelection) {
        return connect(host, c, serverSelection, c.path("password").asText(null));
    }

    private MongoClient connect(String host, JsonNode c, Duration serverSelection, String password) {
        MongoClientSettings.Builder b = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + host + "/?directConnection=true"))
                .applyToClusterSettings(s -> s.serverSelectionTimeout(serverSelection.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS));
        if (setting(c, "tls").asBoolean(false)) {
            javax.net.ssl.SSLContext ssl = contexts.computeIfAbsent(setting(c, "ca").asText(""), ca -> io.dive.spi.TlsTrust.context(ca.isEmpty()
                    ? java.util.List.of()
                    : io.dive.spi.TlsTrust.read(roots.confine(baseDir.resolve(ca), "mongodb " + host + ": ca"), "mongodb " + host), "mongodb " + host));
            b.applyToSslSettings(s -> s.enabled(true).invalidHostNameAllowed(false).context(ssl));
        } else if (io.dive.spi.Loopback.remote(host) && !setting(c, "insecure").asBoolean(false)) {
            throw new io.dive.spi.ProviderException("mongodb " + host + ": without TLS is refused for a host that is not loopback (the"
                    + " password and every document would travel in clear); set tls: true (with ca:), or insecure: true");
        }
        if (c.hasNonNull("username")) {
            b.credential(MongoCredential.createCredential(c.get("username").asText(), "admin", (password == null ? "" : password).toCharArray()));
        }
        return MongoClients.create(b.build());
    }
}
