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
 */
final class MongoConnections {

    static final java.util.List<String> SERVER_KEYS = java.util.List.of("connect", "username", "password");

    private final JsonNode config;
    private final java.util.Map<String, JsonNode> servers;

    MongoConnections(JsonNode config, java.util.Map<String, JsonNode> servers) {
        this.config = config;
        this.servers = servers;
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
        return connect(s.path("connect").asText(host), s, serverSelection);
    }

    MongoClient open(String host, Duration serverSelection) {
        return connect(host, config.path("hosts").has(host) ? config.path("hosts").get(host) : config, serverSelection);
    }

    private MongoClient connect(String host, JsonNode c, Duration serverSelection) {
        MongoClientSettings.Builder b = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + host + "/?directConnection=true"))
                .applyToClusterSettings(s -> s.serverSelectionTimeout(serverSelection.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS));
        if (c.hasNonNull("username")) {
            b.credential(MongoCredential.createCredential(c.get("username").asText(), "admin", c.path("password").asText().toCharArray()));
        }
        return MongoClients.create(b.build());
    }
}
