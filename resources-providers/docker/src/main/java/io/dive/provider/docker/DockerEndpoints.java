package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.dive.spi.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** The declared endpoints that the operator let go in plaintext to another machine: each run says so. */
    List<String> warnings() {
        List<String> out = new ArrayList<>();
        settings.forEach((name, s) -> {
            String host = s.path("host").asText();
            if (plaintextElsewhere(host, tls(s)) && s.path("insecure").asBoolean(false)) {
                out.add("insecure: docker endpoint " + name + " (" + host + ") is reached without TLS: anyone on the path controls its containers");
            }
        });
        return out;
    }

    /** {@code tls_verify} of a declared endpoint; for the default one, DOCKER_TLS_VERIFY as the Docker CLI reads it. */
    private boolean tls(JsonNode s) {
        if (s != null) {
            return s.path("tls_verify").asBoolean(false);
        }
        String v = env.apply("DOCKER_TLS_VERIFY");
        return v != null && !v.isBlank() && !v.equals("0");
    }

    private static boolean plaintextElsewhere(String host, boolean tls) {
        return !tls && (host.startsWith("tcp://") || host.startsWith("http://")) && io.dive.spi.Loopback.remote(host);
    }

    DockerClient client(String endpoint) {
        return clients.computeIfAbsent(endpoint, name -> {
            JsonNode s = settings.get(name);
            String host = host(name);
            boolean tls = tls(s);
            if (plaintextElsewhere(host, tls) && !(s != null && s.path("insecure").asBoolean(false))) {
                // The Docker API without TLS is root on that machine for anyone on the path, and hands them our images' env.
                throw new ProviderException("docker endpoint " + name + ": " + host + " without TLS is refused for a host that is not"
                        + " loopback; set tls_verify: true with cert_path (or DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), or insecure: true");
            }
            DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host);
            if (tls) {
                b.withDockerTlsVerify(true).withDockerCertPath(s != null ? s.path("cert_path").asText() : env.apply("DOCKER_CERT_PATH"));
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
