package io.dive.provider.docker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.spi.ProviderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Docker API without TLS is root on its machine for anyone on the path: {@code tcp://} without TLS
 * is refused for a host that is not loopback, before any connection, unless the endpoint says
 * {@code insecure: true}, which every run then prints.
 */
class PlaintextEndpointTest {

    private static JsonNode config(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void plaintextToAnotherMachineIsRefused() throws Exception {
        DockerEndpoints e = new DockerEndpoints(config("{\"endpoints\": {\"gbr\": {\"host\": \"tcp://10.20.30.40:2375\"}}}"), n -> null);
        ProviderException refused = assertThrows(ProviderException.class, () -> e.client("gbr"));
        assertEquals("docker endpoint gbr: tcp://10.20.30.40:2375 without TLS is refused for a host that is not loopback;"
                + " set tls_verify: true with cert_path (or DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), or insecure: true", refused.getMessage());
        assertTrue(e.warnings().isEmpty());
    }

    @Test
    void theDefaultFromDockerHostIsHeldToTheSameRule() {
        Map<String, String> env = Map.of("DOCKER_HOST", "tcp://docker.example.org:2375");
        DockerEndpoints e = new DockerEndpoints(new ObjectMapper().createObjectNode(), env::get);
        assertThrows(ProviderException.class, () -> e.client("default"));
    }

    @Test
    void loopbackAndExplicitInsecureAreAllowedAndInsecureIsSaid() throws Exception {
        DockerEndpoints e = new DockerEndpoints(config("{\"endpoints\": {\"local\": {\"host\": \"tcp://127.0.0.1:2375\"},"
                + " \"lab\": {\"host\": \"tcp://10.20.30.40:2375\", \"insecure\": true}}}"), n -> null);
        assertDoesNotThrow(() -> e.client("local"));
        assertDoesNotThrow(() -> e.client("lab"));
        assertEquals(List.of("insecure: docker endpoint lab (tcp://10.20.30.40:2375) is reached without TLS: anyone on the path controls its containers"),
                e.warnings());
        e.close();
    }
}
