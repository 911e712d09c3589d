package io.dive.provider.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.dive.core.apply.ApplyResult;
import io.dive.core.apply.ResourceOutcome;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dockerd restarted (SIGTERM, then started again: its containers stop) in the middle of an apply of a
 * network and eight containers on engine B: each failure names the resource, the call and the
 * engine's answer; the next apply converges to an empty plan, with one network and one container of
 * each name (Docker allows two networks of one name: a blind retry would make them).
 */
class DockerdRestartTest {

    @TempDir
    Path dir;
    final String id = "r" + UUID.randomUUID().toString().substring(0, 6);
    DockerClient b;

    @AfterEach
    void cleanUp() {
        DockerClient c = DockerTestEngines.engine(DockerTestEngines.B);
        for (Container x : c.listContainersCmd().withShowAll(true).withNameFilter(List.of(id)).exec()) {
            c.removeContainerCmd(x.getId()).withForce(true).exec();
        }
        c.listNetworksCmd().exec().stream().filter(n -> n.getName().startsWith(id)).forEach(n -> c.removeNetworkCmd(n.getId()).exec());
    }

    @Test
    void anEngineRestartedUnderAnApplyLeavesNoDuplicatesAndTheNextApplyConverges() throws Exception {
        b = DockerTestEngines.engine(DockerTestEngines.B);
        StringBuilder m = new StringBuilder("name: " + id + "\ndocker:\n  endpoints:\n    b: {host: \"" + DockerTestEngines.B + "\"}\n"
                + "resources:\n  - {type: network, name: " + id + "-net, attributes: {endpoint: b}}\n");
        for (int i = 1; i <= 8; i++) {
            m.append("  - type: container\n    name: ").append(id).append("-c").append(i).append("\n    attributes:\n")
                    .append("      endpoint: b\n      image: ").append(DockerTestEngines.IMAGE).append("\n")
                    .append("      command: [sh, -c, \"sleep 1; touch /tmp/ready; exec sleep 3600\"]\n")
                    .append("      networks: {").append(id).append("-net: {}}\n")
                    .append("      healthcheck: {test: [CMD-SHELL, \"test -f /tmp/ready\"], interval: 1s, timeout: 1s, retries: 30}\n");
        }
        Path manifest = Files.writeString(dir.resolve("topology.yaml"), m.toString());
        Map<String, String> env = Map.of("DIVE_FINGERPRINT_KEY", "restart");

        CompletableFuture<ApplyResult> applying = CompletableFuture.supplyAsync(() -> Runs.applyAllowingFailure(manifest, env));
        long deadline = System.currentTimeMillis() + 120_000;
        while (b.listContainersCmd().withShowAll(true).withNameFilter(List.of(id)).exec().size() < 2 && !applying.isDone()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(applying.isDone(), "the apply ended before the engine could be restarted under it");
        DockerTestEngines.restartB();
        ApplyResult during = applying.get(5, TimeUnit.MINUTES);
        for (ResourceOutcome o : during.outcomes()) {
            if (o.status() == ResourceOutcome.Status.FAILED) {
                assertTrue(o.message().matches("\\Q" + o.address() + "\\E: (create|update|replace|delete) failed: .+") && !o.message().contains("\n"),
                        o.message());
            }
        }
        System.err.println("DockerdRestartTest: the apply during the restart " + (during.succeeded() ? "went through it" : "failed cleanly: "
                + during.outcomes().stream().filter(o -> o.status() == ResourceOutcome.Status.FAILED).map(ResourceOutcome::message).toList()));

        b = DockerTestEngines.engine(DockerTestEngines.B);
        Runs.plan(manifest, env, true);
        assertFalse(Runs.plan(manifest, env, false).plan().hasChanges(), "the plan after the converging apply is not empty");
        assertEquals(1, b.listNetworksCmd().exec().stream().filter(n -> n.getName().equals(id + "-net")).count(), "networks of that name");
        List<Container> containers = b.listContainersCmd().withShowAll(true).withNameFilter(List.of(id)).exec();
        assertEquals(8, containers.size(), containers::toString);
        assertTrue(containers.stream().allMatch(c -> "running".equals(c.getState())), containers::toString);
    }
}
