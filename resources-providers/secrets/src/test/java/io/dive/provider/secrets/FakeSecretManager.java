package io.dive.provider.secrets;

import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretManagerServiceGrpc;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SecretManagerService served in-process on loopback, plaintext, from the published gRPC stubs: the
 * real client talks to it exactly as to Google's. Secrets have versions 1..n; some names are denied.
 */
final class FakeSecretManager extends SecretManagerServiceGrpc.SecretManagerServiceImplBase implements AutoCloseable {

    final Map<String, List<String>> versions = new ConcurrentHashMap<>();
    final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Server server;

    FakeSecretManager() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this).build().start();
    }

    String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    void addVersion(String secret, String value) {
        versions.computeIfAbsent(secret, k -> new ArrayList<>()).add(value);
    }

    @Override
    public void accessSecretVersion(AccessSecretVersionRequest request, StreamObserver<AccessSecretVersionResponse> response) {
        SecretVersionName n = SecretVersionName.parse(request.getName());
        if (denied.contains(n.getSecret())) {
            response.onError(Status.PERMISSION_DENIED.withDescription("caller lacks secretmanager.versions.access").asRuntimeException());
            return;
        }
        List<String> vs = versions.get(n.getSecret());
        int index = vs == null ? -1 : n.getSecretVersion().equals("latest") ? vs.size() - 1 : Integer.parseInt(n.getSecretVersion()) - 1;
        if (vs == null || index < 0 || index >= vs.size()) {
            response.onError(Status.NOT_FOUND.withDescription("Secret [" + request.getName() + "] not found").asRuntimeException());
            return;
        }
        response.onNext(AccessSecretVersionResponse.newBuilder()
                .setName(SecretVersionName.of(n.getProject(), n.getSecret(), Integer.toString(index + 1)).toString())
                .setPayload(SecretPayload.newBuilder().setData(ByteString.copyFromUtf8(vs.get(index)))).build());
        response.onCompleted();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
