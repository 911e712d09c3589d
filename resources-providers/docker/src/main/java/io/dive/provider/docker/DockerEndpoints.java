package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.dive.spi.ProviderException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Docker engines of a topology, by name: {@code docker.endpoints.NAME.host} (unix socket or
 * tcp://, with {@code tls_verify} and {@code cert_path} for TLS). Without any, {@code default} is
 * DOCKER_HOST or the local socket. Clients are made on first use.
 */
final class DockerEndpoints {

    private final Map<String, JsonNode> settings = new TreeMap<>();
    private final Map<String, DockerClient> clients = new ConcurrentHashMap<>();

    private final java.util.function.Function<String, String> env;

    DockerEndpoints(JsonNode config, java.util.function.Function<String, String> env) {
        this.env = env;
        config.path("endpoints").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue()));
    }

    String host(String endpoint) {
        JsonNode s = settings.get(endpoint);
        if (s != null) {
            return s.path("host").asText();
        }
        if (!endpoint.equals("default") || !settings.isEmpty() && !settings.containsKey("default")) {
            throw new ProviderException("docker endpoint \"" + endpoint + "\" is not declared under docker.endpoints (declared: "
                    + settings.keySet() + ")");
        }
        String fromEnv = env.apply("DOCKER_HOST");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "unix:///var/run/docker.sock";
    }

    DockerClient client(String endpoint) {
        return clients.computeIfAbsent(endpoint, name -> {
            JsonNode s = settings.get(name);
            DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host(name));
            if (s != null && s.path("tls_verify").asBoolean(false)) {
                b.withDockerTlsVerify(true).withDockerCertPath(s.path("cert_path").asText());
            }
            DockerClientConfig config = b.build();
            ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig()).connectionTimeout(Duration.ofSeconds(10)).responseTimeout(Duration.ofMinutes(5)).build();
            return DockerClientImpl.getInstance(config, http);
        });
    }

    void close() {
        clients.values().forEach(c -> {
            try {
                c.close();
            } catch (Exception e) {
                // closing is best effort
            }
        });
    }
}
