package io.dive.provider.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.dive.spi.HealthProbe.Finding;
import io.dive.spi.HealthProbe.Level;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dive status's live look at containers on a real engine: running, healthy, restarts; stopped and unhealthy ones fail with their fix. */
class ContainerHealthTest {

    @TempDir
    Path dir;
    final String id = "h" + UUID.randomUUID().toString().substring(0, 6);
    final DockerClient docker = DockerTestEngines.engine(DockerTestEngines.A);
    final Map<String, String> env = Map.of("DIVE_FINGERPRINT_KEY", "health-test");

    @AfterEach
    void cleanUp() {
        for (Container x : docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(id)).exec()) {
            docker.removeContainerCmd(x.getId()).withForce(true).exec();
        }
    }

    @Test
    void healthyRunningStoppedAndUnhealthyContainersEachSayWhatTheyAre() throws Exception {
        Path manifest = Files.writeString(dir.resolve("topology.yaml"), """
                name: %1$s
                docker:
                  endpoints:
                    default: {host: "unix:///var/run/docker.sock"}
                resources:
                  - type: container
                    name: %1$s-checked
                    attributes:
                      image: %2$s
                      command: [sh, -c, "touch /tmp/ok; exec sleep 3600"]
                      healthcheck: {test: [CMD-SHELL, "test -f /tmp/ok"], interval: 1s, timeout: 1s, retries: 1}
                  - type: container
                    name: %1$s-plain
                    attributes:
                      image: %2$s
                      command: [sh, -c, "exec sleep 3600"]
                """.formatted(id, DockerTestEngines.IMAGE));
        Runs.plan(manifest, env, true);

        Map<String, Finding> up = byContainer(Runs.health(manifest, env));
        assertEquals(Level.OK, up.get(id + "-checked").level(), up::toString);
        assertTrue(up.get(id + "-checked").detail().startsWith("running, healthy, 0 restarts, up since "), up::toString);
        assertEquals(Level.OK, up.get(id + "-plain").level(), up::toString);
        assertTrue(up.get(id + "-plain").detail().startsWith("running, no health check, 0 restarts"), up::toString);

        // The check starts failing inside the running container; the other one is stopped.
        assertEquals(0, new ProcessBuilder("docker", "exec", id + "-checked", "sh", "-c", "rm /tmp/ok").inheritIO().start().waitFor());
        docker.stopContainerCmd(id + "-plain").withTimeout(1).exec();
        long deadline = System.currentTimeMillis() + 20_000;
        Map<String, Finding> down = byContainer(Runs.health(manifest, env));
        while (down.get(id + "-checked").level() != Level.FAIL && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            down = byContainer(Runs.health(manifest, env));
        }
        Finding sick = down.get(id + "-checked");
        assertEquals(Level.FAIL, sick.level(), down::toString);
        assertTrue(sick.detail().startsWith("running, unhealthy, 0 restarts"), sick::toString);
        assertTrue(sick.detail().contains("last check exit 1"), sick::toString);
        assertEquals("docker logs " + id + "-checked", sick.fix());
        Finding stopped = down.get(id + "-plain");
        assertEquals(Level.FAIL, stopped.level(), down::toString);
        assertTrue(stopped.detail().startsWith("exited (exit code "), stopped::toString);
        assertEquals("dive apply --target container." + id + "-plain {file}", stopped.fix());
    }

    private static Map<String, Finding> byContainer(List<Finding> findings) {
        return findings.stream().filter(f -> f.subject() != null).collect(Collectors.toMap(f -> f.subject().name(), f -> f));
    }
}
