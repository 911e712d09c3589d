package io.dive.provider.docker;

import io.dive.spi.Address;
import io.dive.testkit.KindConformance;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The shared conformance test for containers, on the real Docker engine. */
class ContainerConformanceTest extends KindConformance {

    final String id = "c" + UUID.randomUUID().toString().substring(0, 6);
    final com.github.dockerjava.api.DockerClient docker = DockerTestEngines.engine(DockerTestEngines.A);

    @Override
    protected Map<String, String> env() {
        return Map.of("DIVE_FINGERPRINT_KEY", "conformance");
    }

    @Override
    protected String topology(boolean withSubject) {
        return """
                name: %1$s
                resources:
                  - {type: network, name: %1$s-net}
                """.formatted(id) + (withSubject ? """
                  - type: container
                    name: %1$s-box
                    attributes: {image: %2$s, command: [sh, -c, "exec sleep 3600"], networks: {%1$s-net: {}}}
                """.formatted(id, DockerTestEngines.IMAGE) : "");
    }

    @Override
    protected Address subject() {
        return new Address("container", id + "-box");
    }

    @Override
    protected void changeOutOfBand() {
        docker.stopContainerCmd(id + "-box").withTimeout(1).exec();
    }

    @AfterEach
    void cleanUp() {
        docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(id)).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
        docker.listNetworksCmd().exec().stream().filter(n -> n.getName().startsWith(id)).forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
    }
}
