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
 * (per-host entries win: each DIVE instance has its own MongoDB password).
 */
final class MongoConnections {

    private final JsonNode config;

    MongoConnections(JsonNode config) {
        this.config = config;
    }

    MongoClient open(String host, Duration serverSelection) {
        MongoClientSettings.Builder b = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + host + "/?directConnection=true"))
                .applyToClusterSettings(s -> s.serverSelectionTimeout(serverSelection.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS));
        JsonNode c = config.path("hosts").has(host) ? config.path("hosts").get(host) : config;
        if (c.hasNonNull("username")) {
            b.credential(MongoCredential.createCredential(c.get("username").asText(), "admin", c.path("password").asText().toCharArray()));
        }
        return MongoClients.create(b.build());
    }
}
