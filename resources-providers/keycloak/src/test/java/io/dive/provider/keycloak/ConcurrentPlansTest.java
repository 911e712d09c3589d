package io.dive.provider.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dive.core.plan.PlanFile;
import io.dive.core.plan.Planned;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load: 20 plans at once of a hub and 16 spokes against one Keycloak (as 20 pull requests would) all
 * succeed and give the same answer, both when nothing is to do and when one user changed.
 */
class ConcurrentPlansTest {

    static final int PLANS = Integer.getInteger("dive.load.plans", 20);
    static final int SPOKES = 16;

    @TempDir
    Path dir;
    final AdminRest admin = KeycloakTestServer.admin();

    List<String> realms() {
        return SpokesTopology.realms(SPOKES);
    }

    @AfterEach
    void dropRealms() {
        realms().forEach(r -> admin.delete("/admin/realms/" + r));
    }

    @Test
    void twentyPlansAtOnceAllSucceedAndAgree() throws Exception {
        dropRealms();
        Path manifest = Files.writeString(dir.resolve("topology.yaml"), SpokesTopology.manifest("load", "${env:DIVE_KEYCLOAK_URL}", SPOKES));
        Map<String, String> env = Map.of("DIVE_KEYCLOAK_URL", KeycloakTestServer.url(), "DIVE_FINGERPRINT_KEY", "load");
        Runs.plan(manifest, env, true);

        assertEquals(Set.of(List.of()), answers(manifest, env), "20 plans of a converged topology");
        String user = admin.get("/admin/realms/dive-v3-broker-fra/users?username=testuser-fra-1&exact=true").get(0).path("id").asText();
        admin.put("/admin/realms/dive-v3-broker-fra/users/" + user, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("firstName", "Changed-out-of-band"));
        Set<List<String>> drifted = answers(manifest, env);
        assertEquals(1, drifted.size(), "the plans disagree: " + drifted);
        assertFalse(drifted.iterator().next().isEmpty());
    }

    /** The distinct answers (each the plan's changes as "action address" lines) of PLANS plans run at once. */
    private Set<List<String>> answers(Path manifest, Map<String, String> env) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PLANS);
        try {
            List<Future<Planned>> plans = new ArrayList<>();
            for (int i = 0; i < PLANS; i++) {
                plans.add(pool.submit(() -> Runs.plan(manifest, env, false)));
            }
            Set<List<String>> answers = new HashSet<>();
            for (Future<Planned> p : plans) {
                answers.add(PlanFile.actions(p.get(5, TimeUnit.MINUTES).plan()).stream()
                        .filter(line -> !line.startsWith("noop ")).toList());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
