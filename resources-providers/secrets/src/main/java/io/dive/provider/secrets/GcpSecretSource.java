package io.dive.provider.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import io.dive.spi.DiveException;
import io.dive.spi.SecretSource;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.time.Duration;

/**
 * {@code ${secret:gcp:NAME}} and {@code ${secret:gcp:NAME@VERSION}}: GCP Secret Manager through its
 * official client, with application-default credentials. Project: the manifest's
 * {@code secrets.gcp.project}, else {@code DIVE_GCP_PROJECT}, else {@code GOOGLE_CLOUD_PROJECT}.
 * Endpoint: {@code secrets.gcp.endpoint} or {@code DIVE_GCP_SECRETMANAGER_ENDPOINT}; with
 * {@code plaintext: true} (or {@code DIVE_GCP_SECRETMANAGER_PLAINTEXT=true}) no TLS and no
 * credentials, for a local emulator on a loopback address only (refused for any other host). Calls give up after 10 s, so an unreachable Secret
 * Manager fails the plan quickly.
 */
public final class GcpSecretSource implements SecretSource {

    private final Map<String, SecretManagerServiceClient> clients = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "gcp";
    }

    @Override
    public String fetch(String name, String version, JsonNode settings, Function<String, String> env) {
        String project = first(settings.path("project").asText(null), env.apply("DIVE_GCP_PROJECT"), env.apply("GOOGLE_CLOUD_PROJECT"));
        if (project == null) {
            throw new DiveException("no GCP project: set secrets.gcp.project in the topology, or DIVE_GCP_PROJECT");
        }
        String endpoint = first(settings.path("endpoint").asText(null), env.apply("DIVE_GCP_SECRETMANAGER_ENDPOINT"),
                SecretManagerServiceSettings.getDefaultEndpoint());
        boolean plaintext = settings.path("plaintext").asBoolean(false) || "true".equals(env.apply("DIVE_GCP_SECRETMANAGER_PLAINTEXT"));
        if (plaintext && io.dive.spi.Loopback.remote(endpoint)) {
            // Without TLS anyone on the path could hand us secrets of their choosing (an admin password they know).
            throw new DiveException("secrets.gcp: plaintext is for a local emulator on loopback only, and " + endpoint + " is not loopback");
        }
        SecretVersionName versionName = SecretVersionName.of(project, name, version == null ? "latest" : version);
        try {
            return client(endpoint, plaintext).accessSecretVersion(versionName).getPayload().getData().toStringUtf8();
        } catch (ApiException e) {
            throw new DiveException(describe(e.getStatusCode().getCode(), versionName, endpoint));
        }
    }

    private static String describe(StatusCode.Code code, SecretVersionName v, String endpoint) {
        String what = "projects/" + v.getProject() + "/secrets/" + v.getSecret() + "/versions/" + v.getSecretVersion();
        return switch (code) {
            case NOT_FOUND -> "not found in GCP Secret Manager (" + what + ")";
            case PERMISSION_DENIED -> "permission denied by GCP Secret Manager for " + what
                    + " (the credentials need roles/secretmanager.secretAccessor)";
            case UNAUTHENTICATED -> "GCP Secret Manager refused the credentials for " + what + " (run gcloud auth application-default login)";
            case UNAVAILABLE, DEADLINE_EXCEEDED -> "GCP Secret Manager at " + endpoint + " is unreachable (" + code + ") reading " + what;
            default -> "GCP Secret Manager answered " + code + " reading " + what;
        };
    }

    private SecretManagerServiceClient client(String endpoint, boolean plaintext) {
        return clients.computeIfAbsent(endpoint + "|" + plaintext, k -> {
            try {
                SecretManagerServiceSettings.Builder b = SecretManagerServiceSettings.newBuilder();
                if (plaintext) {
                    b.setCredentialsProvider(NoCredentialsProvider.create());
                    b.setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder().setEndpoint(endpoint)
                            .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build());
                } else {
                    b.setEndpoint(endpoint);
                }
                b.accessSecretVersionSettings().setRetrySettings(RetrySettings.newBuilder()
                        .setInitialRetryDelayDuration(Duration.ofMillis(200)).setRetryDelayMultiplier(2)
                        .setMaxRetryDelayDuration(Duration.ofSeconds(2)).setInitialRpcTimeoutDuration(Duration.ofSeconds(5))
                        .setMaxRpcTimeoutDuration(Duration.ofSeconds(5)).setRpcTimeoutMultiplier(1)
                        .setTotalTimeoutDuration(Duration.ofSeconds(10)).build());
                return SecretManagerServiceClient.create(b.build());
            } catch (IOException e) {
                throw new DiveException("cannot start the GCP Secret Manager client (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "); are application-default credentials set up?");
            }
        });
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
