package io.dive.provider.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.dive.core.apply.ApplyResult;
import io.dive.core.apply.ResourceOutcome;
import io.dive.core.plan.Planned;
import io.dive.testkit.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers, networks and volumes on real Docker engines: converge, drift, replace, ownership, two engines. */
class DockerProviderTest {

    @TempDir
    Path dir;
    String id;
    DockerClient a;
    DockerClient b;

    @BeforeEach
    void setUp() {
        id = "t" + UUID.randomUUID().toString().substring(0, 6);
        a = DockerTestEngines.engine(DockerTestEngines.A);
    }

    @AfterEach
    void cleanUp() {
        for (DockerClient c : b == null ? List.of(a) : List.of(a, b)) {
            for (Container x : c.listContainersCmd().withShowAll(true).withNameFilter(List.of(id)).exec()) {
                c.removeContainerCmd(x.getId()).withForce(true).exec();
            }
            c.listNetworksCmd().exec().stream().filter(n -> n.getName().startsWith(id)).forEach(n -> c.removeNetworkCmd(n.getId()).exec());
            var vols = c.listVolumesCmd().exec().getVolumes();
            if (vols != null) {
                vols.stream().filter(v -> v.getName().startsWith(id)).forEach(v -> c.removeVolumeCmd(v.getName()).exec());
            }
        }
    }

    String topology(String appEnv, boolean withApp, String extra) {
        return """
                name: %1$s
                docker:
                  endpoints:
                    default: {host: "unix:///var/run/docker.sock"}
                resources:
                  - type: network
                    name: %1$s-net
                  - type: volume
                    name: %1$s-data
                  - type: container
                    name: %1$s-db
                    attributes:
                      image: %2$s
                      command: [sh, -c, "sleep 1; touch /tmp/ready; exec sleep 3600"]
                      env: {ROLE: db, DB_PASSWORD: "${secret:env:DIVE_TEST_DB_PASSWORD}"}
                      networks: {%1$s-net: {aliases: [db]}}
                      mounts: [{type: volume, source: %1$s-data, target: /data}]
                      healthcheck: {test: [CMD-SHELL, "test -f /tmp/ready"], interval: 1s, timeout: 1s, retries: 30}
                """.formatted(id, DockerTestEngines.IMAGE) + (withApp ? """
                  - type: container
                    name: %1$s-app
                    depends_on: [container.%1$s-db]
                    attributes:
                      image: %2$s
                      command: [sh, -c, "exec sleep 3600"]
                      env: {ROLE: app, MODE: %3$s}
                      labels: {tier: backend}
                      networks: {%1$s-net: {aliases: [app]}}
                """.formatted(id, DockerTestEngines.IMAGE, appEnv) : "") + extra;
    }

    String dbPassword = "db-secret-1";

    Planned run(String text, boolean apply) throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), text);
        return Runs.plan(dir.resolve("topology.yaml"), env(), apply);
    }

    Map<String, String> env() {
        return Map.of("DIVE_TEST_DB_PASSWORD", dbPassword, "DIVE_FINGERPRINT_KEY", "docker-test");
    }

    static Map<String, String> changes(Planned p) {
        return Runs.changes(p);
    }

    String containerId(DockerClient c, String name) {
        return c.inspectContainerCmd(name).exec().getId();
    }

    @Test
    void convergesAndTheSecondPlanIsEmpty() throws Exception {
        run(topology("blue", true, ""), true);
        var db = a.inspectContainerCmd(id + "-db").exec();
        assertEquals("healthy", db.getState().getHealth().getStatus(), "dependents started before the db was healthy");
        assertTrue(db.getConfig().getLabels().get(Labels.CONFIG_HASH).length() > 8);
        assertEquals("true", db.getConfig().getLabels().get(Labels.MANAGED));
        assertTrue(List.of(db.getConfig().getEnv()).contains("DB_PASSWORD=db-secret-1"));
        assertEquals(Map.of(), changes(run(topology("blue", true, ""), false)));
        String state = Files.readString(dir.resolve(".dive/state.json"));
        assertFalse(state.contains("db-secret-1"), "a secret value reached state");
    }

    @Test
    void stopRemoveAndHandRecreationAreDriftThatApplyRepairs() throws Exception {
        String text = topology("blue", true, "");
        run(text, true);
        a.stopContainerCmd(id + "-db").withTimeout(1).exec();
        a.removeContainerCmd(id + "-app").withForce(true).exec();
        assertEquals(Map.of("container." + id + "-db", "update[running]", "container." + id + "-app", "create[]"), changes(run(text, false)));
        run(text, true);
        assertTrue(a.inspectContainerCmd(id + "-db").exec().getState().getRunning());
        assertEquals(Map.of(), changes(run(text, false)));

        // Someone recreates the app by hand, copying its labels but with another env.
        var old = a.inspectContainerCmd(id + "-app").exec();
        a.removeContainerCmd(old.getId()).withForce(true).exec();
        a.createContainerCmd(DockerTestEngines.IMAGE).withName(id + "-app").withLabels(old.getConfig().getLabels())
                .withEnv("ROLE=app", "MODE=hacked").withCmd("sh", "-c", "exec sleep 3600")
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode(id + "-net")).exec();
        a.startContainerCmd(id + "-app").exec();
        // The hand-made copy also lost its network alias: dive reports both differences.
        assertEquals(Map.of("container." + id + "-app", "replace[env.MODE, networks." + id + "-net.aliases]"), changes(run(text, false)));
        run(text, true);
        assertTrue(List.of(a.inspectContainerCmd(id + "-app").exec().getConfig().getEnv()).contains("MODE=blue"));
        assertEquals(Map.of(), changes(run(text, false)));
    }

    @Test
    void anEnvChangeOrARotatedSecretReplacesOnlyThatContainer() throws Exception {
        run(topology("blue", true, ""), true);
        String db = containerId(a, id + "-db");
        String app = containerId(a, id + "-app");
        assertEquals(Map.of("container." + id + "-app", "replace[env.MODE]"), changes(run(topology("green", true, ""), false)));
        run(topology("green", true, ""), true);
        assertEquals(db, containerId(a, id + "-db"), "the db was recreated for a change of the app");
        assertNotEquals(app, containerId(a, id + "-app"));
        assertTrue(List.of(a.inspectContainerCmd(id + "-app").exec().getConfig().getEnv()).contains("MODE=green"));

        // The db password is rotated: the db, which uses it, is replaced; the app that depends on the db is not.
        String app2 = containerId(a, id + "-app");
        dbPassword = "db-secret-2";
        assertEquals(Map.of("container." + id + "-db", "replace[env.DB_PASSWORD]"), changes(run(topology("green", true, ""), false)));
        run(topology("green", true, ""), true);
        assertTrue(List.of(a.inspectContainerCmd(id + "-db").exec().getConfig().getEnv()).contains("DB_PASSWORD=db-secret-2"));
        assertEquals(app2, containerId(a, id + "-app"));
        assertEquals(Map.of(), changes(run(topology("green", true, ""), false)));
    }

    @Test
    void anImageChangeReplacesOnlyThatContainer() throws Exception {
        a.tagImageCmd(DockerTestEngines.IMAGE, "dive-test/busybox", "2").exec();
        run(topology("blue", true, ""), true);
        String db = containerId(a, id + "-db");
        String text = topology("blue", true, "");
        int app = text.indexOf("name: " + id + "-app");
        String next = text.substring(0, app) + text.substring(app).replaceFirst("image: " + DockerTestEngines.IMAGE, "image: dive-test/busybox:2");
        assertEquals(Map.of("container." + id + "-app", "replace[image, config_hash]"), changes(run(next, false)));
        run(next, true);
        assertEquals("dive-test/busybox:2", a.inspectContainerCmd(id + "-app").exec().getConfig().getImage());
        assertEquals(db, containerId(a, id + "-db"));
    }

    @Test
    void portsLimitsRestartPolicyAndUserAreApplied() throws Exception {
        String extra = """
                  - type: container
                    name: %1$s-web
                    attributes:
                      image: %2$s
                      command: [sh, -c, "exec busybox httpd -f -p 8080 -h /bin"]
                      networks: {%1$s-net: {}}
                      ports: ["127.0.0.1:18997:8080"]
                      memory: 64m
                      cpus: 0.5
                      restart: unless-stopped
                      user: "1000"
                """.formatted(id, DockerTestEngines.IMAGE);
        run(topology("blue", false, extra), true);
        var web = a.inspectContainerCmd(id + "-web").exec();
        assertEquals(64L << 20, web.getHostConfig().getMemory());
        assertEquals(500_000_000L, web.getHostConfig().getNanoCPUs());
        assertEquals("unless-stopped", web.getHostConfig().getRestartPolicy().getName());
        assertEquals("1000", web.getConfig().getUser());
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:18997/busybox")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), "the published port does not reach the container");
        assertTrue(response.body().length > 100_000, "expected the busybox binary through the published port");
        assertEquals(Map.of(), changes(run(topology("blue", false, extra), false)));
        // A limit is part of the definition: changing it replaces the container.
        assertEquals(Map.of("container." + id + "-web", "replace[memory, config_hash]"),
                changes(run(topology("blue", false, extra.replace("memory: 64m", "memory: 96m")), false)));
        // A limit changed by hand (docker update) is drift of that attribute, and apply puts it back.
        a.updateContainerCmd(id + "-web").withMemory(128L << 20).withMemorySwap(256L << 20).exec();
        assertEquals(Map.of("container." + id + "-web", "replace[memory]"), changes(run(topology("blue", false, extra), false)));
        run(topology("blue", false, extra), true);
        assertEquals(64L << 20, a.inspectContainerCmd(id + "-web").exec().getHostConfig().getMemory());
    }

    @Test
    void composeSettingsOfDiveV3sServicesAreApplied() throws Exception {
        String extra = """
                  - type: container
                    name: %1$s-kas
                    attributes:
                      image: %2$s
                      command: [sh, -c, "exec sleep 3600"]
                      networks: {%1$s-net: {}}
                      cap_add: [IPC_LOCK, cap_net_admin]
                      ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 512}
                      extra_hosts: ["registry.dive.example:127.0.0.2"]
                      init: true
                      stop_grace_period: 7s
                      memory_reservation: 32m
                """.formatted(id, DockerTestEngines.IMAGE);
        run(topology("blue", false, extra), true);
        var kas = a.inspectContainerCmd(id + "-kas").exec();
        assertEquals(java.util.Set.of("IPC_LOCK", "NET_ADMIN"), java.util.Arrays.stream(kas.getHostConfig().getCapAdd()).map(Enum::name)
                .collect(java.util.stream.Collectors.toSet()));
        Map<String, String> limits = new java.util.TreeMap<>();
        for (var u : kas.getHostConfig().getUlimits()) {
            limits.put(u.getName(), u.getSoftLong() + "/" + u.getHardLong());
        }
        assertEquals(Map.of("nofile", "1024/2048", "nproc", "512/512"), limits);
        assertEquals(List.of("registry.dive.example:127.0.0.2"), List.of(kas.getHostConfig().getExtraHosts()));
        assertEquals(Boolean.TRUE, kas.getHostConfig().getInit());
        // (docker-java's inspect result has no StopTimeout: the engine's own CLI reads it)
        Process stop = new ProcessBuilder("docker", "-H", DockerTestEngines.A, "inspect", "-f", "{{.Config.StopTimeout}}", id + "-kas").start();
        assertEquals("7", new String(stop.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip());
        assertEquals(32L << 20, kas.getHostConfig().getMemoryReservation());
        assertEquals(Map.of(), changes(run(topology("blue", false, extra), false)));
        // Part of the definition: a changed setting replaces the container.
        assertEquals(Map.of("container." + id + "-kas", "replace[config_hash]"),
                changes(run(topology("blue", false, extra.replace("nproc: 512", "nproc: 256")), false)));
    }

    @Test
    void theContentOfAMountedFileIsPartOfTheDefinition() throws Exception {
        Files.writeString(dir.resolve("app.conf"), "level=1\n");
        String extra = """
                  - type: container
                    name: %1$s-conf
                    attributes:
                      image: %2$s
                      command: [sh, -c, "exec sleep 3600"]
                      networks: {%1$s-net: {}}
                      mounts: [{type: bind, source: app.conf, target: /etc/app.conf, read_only: true}]
                """.formatted(id, DockerTestEngines.IMAGE);
        run(topology("blue", false, extra), true);
        assertEquals(Map.of(), changes(run(topology("blue", false, extra), false)));
        Files.writeString(dir.resolve("app.conf"), "level=2\n");
        assertEquals(Map.of("container." + id + "-conf", "replace[config_hash]"), changes(run(topology("blue", false, extra), false)));
    }

    @Test
    void aNetworkInUseIsReplacedAfterTheContainersOnItAreRemoved() throws Exception {
        run(topology("blue", true, ""), true);
        String text = topology("blue", true, "").replace("    name: " + id + "-net\n", "    name: " + id + "-net\n    attributes: {internal: true}\n");
        Map<String, String> plan = changes(run(text, false));
        assertEquals("replace[internal]", plan.get("network." + id + "-net"), plan::toString);
        assertTrue(plan.get("container." + id + "-db").startsWith("replace") && plan.get("container." + id + "-app").startsWith("replace"),
                plan::toString);
        run(text, true);
        assertTrue(a.inspectNetworkCmd().withNetworkId(id + "-net").exec().getInternal(), "the network was not made again as asked");
        assertEquals(Map.of(), changes(run(text, false)));
    }

    @Test
    void aRemovedContainerIsDeletedAndOneDiveDidNotMakeIsLeftAlone() throws Exception {
        a.createContainerCmd(DockerTestEngines.IMAGE).withName(id + "-foreign").withCmd("sh", "-c", "exec sleep 3600")
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none")).exec();
        run(topology("blue", true, ""), true);
        assertEquals(Map.of("container." + id + "-app", "delete[]"), changes(run(topology("blue", false, ""), false)));
        run(topology("blue", false, ""), true);
        assertTrue(a.listContainersCmd().withShowAll(true).withNameFilter(List.of(id + "-app")).exec().isEmpty());
        assertEquals(1, a.listContainersCmd().withShowAll(true).withNameFilter(List.of(id + "-foreign")).exec().size());
    }

    @Test
    void whatAnotherStateMadeIsNotDeletedEvenUnderTheSameTopologyName() throws Exception {
        run(topology("blue", true, ""), true);
        var labels = a.inspectContainerCmd(id + "-app").exec().getConfig().getLabels();
        String lineage = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(".dive/state.json").toFile()).path("lineage").asText();
        assertEquals(lineage, labels.get("dive.lineage"), "a container records the lineage of the state that made it");

        // A second checkout whose state claims the app under another lineage (a copied, hand-edited state).
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.createDirectories(other.resolve(".dive"));
        Files.writeString(other.resolve(".dive/state.json"), Files.readString(dir.resolve(".dive/state.json")).replace(lineage, "0000-other-lineage"));
        Files.writeString(other.resolve("topology.yaml"), topology("blue", false, ""));
        io.dive.core.apply.ApplyResult r = Runs.applyAllowingFailure(other.resolve("topology.yaml"), env());
        assertTrue(!r.succeeded() && r.outcomes().stream().anyMatch(o -> o.message() != null && o.message().contains(
                "refusing to delete container " + id + "-app: another dive state made it (lineage " + lineage + "), not this one (0000-other-lineage)")),
                () -> r.outcomes().toString());
        assertEquals(1, a.listContainersCmd().withShowAll(true).withNameFilter(List.of(id + "-app")).exec().size());
    }

    @Test
    void readinessTimeoutSaysWhatItWaitedForAndSkipsDependents() throws Exception {
        String text = topology("blue", true, "").replace("test -f /tmp/ready", "echo not ready yet; exit 1")
                .replace("retries: 30}", "retries: 30}\n      ready_timeout: 4s");
        Files.writeString(dir.resolve("topology.yaml"), text);
        {
            ApplyResult r = Runs.applyAllowingFailure(dir.resolve("topology.yaml"), env());
            ResourceOutcome db = r.outcomes().stream().filter(o -> o.address().toString().equals("container." + id + "-db")).findFirst().orElseThrow();
            assertEquals(ResourceOutcome.Status.FAILED, db.status());
            assertTrue(db.message().contains("was not healthy within 4s (waited for its healthcheck; status ") && db.message().contains("not ready yet"),
                    db.message());
            assertTrue(r.outcomes().stream().anyMatch(o -> o.address().toString().equals("container." + id + "-app")
                    && o.status() == ResourceOutcome.Status.SKIPPED));
        }
    }

    @Test
    void aMissingImageIsPulledFromItsRegistryWithProgressOnStderr() throws Exception {
        String image = DockerTestEngines.imageOnlyInRegistry(DockerTestEngines.A);
        assertThrows(com.github.dockerjava.api.exception.NotFoundException.class, () -> a.inspectImageCmd(image).exec());
        String text = topology("blue", false, "").replace("image: " + DockerTestEngines.IMAGE, "image: " + image);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream was = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try {
            run(text, true);
        } finally {
            System.setErr(was);
        }
        String progress = err.toString();
        assertTrue(progress.contains("docker: pulling " + image + " from " + DockerTestEngines.REGISTRY + " on endpoint default..."), progress);
        assertTrue(progress.contains("Pull complete") || progress.contains("Download complete"), progress);
        assertNotNull(a.inspectImageCmd(image).exec().getId(), "the image is on the engine after the pull");
        assertTrue(a.inspectContainerCmd(id + "-db").exec().getState().getRunning(), "the container runs from the pulled image");
        assertFalse(run(text, false).plan().hasChanges());
        cleanUp();
        a.removeImageCmd(image).withForce(true).exec();
    }

    @Test
    void anUnreachableRegistryNamesTheImageAndTheRegistry() throws Exception {
        String text = topology("blue", false, "").replace("image: " + DockerTestEngines.IMAGE, "image: registry.invalid:5000/dive/nothing:1");
        Files.writeString(dir.resolve("topology.yaml"), text);
        {
            ApplyResult r = Runs.applyAllowingFailure(dir.resolve("topology.yaml"), env());
            String msg = r.outcomes().stream().filter(o -> o.status() == ResourceOutcome.Status.FAILED).findFirst().orElseThrow().message();
            assertTrue(msg.contains("image registry.invalid:5000/dive/nothing:1 is not on docker endpoint default and cannot be pulled from registry registry.invalid:5000"),
                    msg);
        }
    }

    @Test
    void anEngineReachedOverTcpWithMutualTls() throws Exception {
        String host = DockerTestEngines.tlsEngine();
        Path certs = DockerTestEngines.tlsCerts();
        String text = """
                name: %1$s
                docker:
                  endpoints:
                    gbr: {host: "%2$s", tls_verify: true, cert_path: "%3$s"}
                resources:
                  - {type: network, name: %1$s-net-gbr, attributes: {endpoint: gbr}}
                  - type: container
                    name: %1$s-spoke-gbr
                    attributes: {endpoint: gbr, image: %4$s, command: [sh, -c, "exec sleep 3600"], networks: {%1$s-net-gbr: {}}}
                """.formatted(id, host, certs, DockerTestEngines.IMAGE);
        run(text, true);
        assertEquals(Map.of(), changes(run(text, false)));
        DockerClient tls = DockerTestEngines.client("unix:///var/run/dive-test-docker-tls.sock");
        assertEquals(1, tls.listContainersCmd().withNameFilter(List.of(id + "-spoke-gbr")).exec().size());
        tls.listContainersCmd().withShowAll(true).withNameFilter(List.of(id)).exec().forEach(c -> tls.removeContainerCmd(c.getId()).withForce(true).exec());
        tls.listNetworksCmd().exec().stream().filter(n -> n.getName().startsWith(id)).forEach(n -> tls.removeNetworkCmd(n.getId()).exec());
    }

    @Test
    void twoEnginesServeTwoSpokesOfOneTopology() throws Exception {
        b = DockerTestEngines.engine(DockerTestEngines.B);
        String text = """
                name: %1$s
                docker:
                  endpoints:
                    fra: {host: "%2$s"}
                    deu: {host: "%3$s"}
                resources:
                  - {type: network, name: %1$s-net-fra, attributes: {endpoint: fra}}
                  - {type: network, name: %1$s-net-deu, attributes: {endpoint: deu}}
                  - type: container
                    name: %1$s-spoke-fra
                    attributes: {endpoint: fra, image: %4$s, command: [sh, -c, "exec sleep 3600"], networks: {%1$s-net-fra: {}}}
                  - type: container
                    name: %1$s-spoke-deu
                    attributes: {endpoint: deu, image: %4$s, command: [sh, -c, "exec sleep 3600"], networks: {%1$s-net-deu: {}}}
                """.formatted(id, DockerTestEngines.A, DockerTestEngines.B, DockerTestEngines.IMAGE);
        run(text, true);
        assertEquals(1, a.listContainersCmd().withNameFilter(List.of(id + "-spoke-fra")).exec().size());
        assertTrue(a.listContainersCmd().withShowAll(true).withNameFilter(List.of(id + "-spoke-deu")).exec().isEmpty());
        assertEquals(1, b.listContainersCmd().withNameFilter(List.of(id + "-spoke-deu")).exec().size());
        assertEquals(Map.of(), changes(run(text, false)));
        b.stopContainerCmd(id + "-spoke-deu").withTimeout(1).exec();
        assertEquals(Map.of("container." + id + "-spoke-deu", "update[running]"), changes(run(text, false)));
    }
}
