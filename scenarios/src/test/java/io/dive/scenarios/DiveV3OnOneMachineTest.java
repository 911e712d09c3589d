package io.dive.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.provider.docker.DockerTestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator's main job, from an empty Docker engine: images/build, then one dive apply of
 * manifests/local brings up the hub (usa) and the fra and deu spokes, each with its own Keycloak
 * (HTTPS, local CA) and PostgreSQL and a MongoDB stand-in (the wire-protocol EMULATOR, not mongod);
 * dive verify passes every link both ways, and Chromium logs in through the hub to a spoke; the next
 * apply changes nothing; a stopped Keycloak is drift that apply repairs; removing deu takes exactly
 * its part; destroy leaves only the protected volumes. The images are pushed to a loopback registry
 * and pulled from it by the apply, so the pull path runs too. Steps run in order, each on the last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiveV3OnOneMachineTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOPOLOGY = "dive-local";
    static Path dir;
    static Dive dive;

    @BeforeAll
    static void emptyEngineAndImages() throws Exception {
        DockerTestEngines.engine(DockerTestEngines.A); // started here if it does not run
        String registry = DockerTestEngines.registry();
        dir = Files.createTempDirectory("dive-local");
        // The manifest as a user has it, in a folder of its own: state, secrets and certificates go there.
        Files.createDirectories(dir.resolve("templates"));
        Files.copy(Dive.ROOT.resolve("manifests/local/topology.yaml"), dir.resolve("topology.yaml"));
        for (String t : List.of("local-hub.yaml", "local-spoke.yaml")) {
            Files.copy(Dive.ROOT.resolve("manifests/local/templates/" + t), dir.resolve("templates/" + t));
        }
        dive = new Dive(dir);
        dive.env.put("PATH", System.getenv("PATH"));
        dive.env.put("HOME", System.getProperty("user.home"));
        dive.env.put("DOCKER_HOST", DockerTestEngines.A);
        dive.env.put("DIVE_LOCAL_CERTS", dir.resolve("certs").toString());
        removeLeftovers();

        Dive.Result build = dive.script("images/build", 25);
        assertEquals(0, build.code(), build::toString);
        // Through the registry: tagged and pushed there, then only the registry has them.
        for (String image : List.of("dive-local/keycloak:26.5.6", "dive-local/postgres:15", "dive-local/mongo-emulator:1")) {
            String remote = registry + "/" + image;
            assertEquals(0, dive.run(List.of("docker", "tag", image, remote), 2).code());
            Dive.Result push = dive.run(List.of("docker", "push", remote), 10);
            assertEquals(0, push.code(), push::toString);
            assertEquals(0, dive.run(List.of("docker", "rmi", remote), 2).code());
        }
        dive.env.put("DIVE_KEYCLOAK_IMAGE", registry + "/dive-local/keycloak:26.5.6");
        dive.env.put("DIVE_POSTGRES_IMAGE", registry + "/dive-local/postgres:15");
        dive.env.put("DIVE_MONGO_IMAGE", registry + "/dive-local/mongo-emulator:1");
    }

    /** What an earlier, interrupted run of this test left in the engine: this one starts from nothing. */
    static void removeLeftovers() {
        String filter = "label=dive.topology=" + TOPOLOGY;
        for (List<String> list : List.of(List.of("docker", "ps", "-aq", "--filter", filter), List.of("docker", "network", "ls", "-q", "--filter", filter),
                List.of("docker", "volume", "ls", "-q", "--filter", filter))) {
            Dive.Result r = dive.run(list, 2);
            for (String id : r.out().strip().lines().filter(l -> !l.isBlank()).toList()) {
                String kind = list.get(1).equals("ps") ? "rm" : list.get(1);
                dive.run(kind.equals("rm") ? List.of("docker", "rm", "-f", id) : List.of("docker", kind, "rm", id), 2);
            }
        }
    }

    @AfterAll
    static void cleanUp() {
        if (dive != null) {
            removeLeftovers();
        }
    }

    @Test
    @Order(1)
    void oneApplyBringsUpTheWholeFederation() throws Exception {
        Dive.Result plan = dive.dive("plan", "topology.yaml", "--json");
        assertEquals(0, plan.code(), plan::toString);
        JsonNode changes = JSON.readTree(plan.out()).path("changes");
        assertTrue(changes.toString().contains("\"address\":\"realm.dive-v3-broker-fra\",\"type\":\"realm\",\"action\":\"create\"")
                && changes.toString().contains("\"known_after\":\"container.dive-spoke-fra-keycloak\""), "the plan of an empty engine: " + plan.out());

        Dive.Result apply = dive.dive("apply", "--auto-approve", "topology.yaml");
        assertEquals(0, apply.code(), apply::toString);
        System.out.println("FIGURE empty engine to applied federation (hub + 2 spokes, images pulled from the loopback registry): "
                + apply.millis() + " ms");

        // Each realm lives on its own instance's Keycloak.
        LocalKeycloak usa = keycloak("usa", 8443);
        LocalKeycloak fra = keycloak("fra", 8444);
        assertNotNull(usa.get("/admin/realms/dive-v3-broker-usa"));
        assertEquals(null, usa.get("/admin/realms/dive-v3-broker-fra"), "fra's realm landed on the hub's Keycloak");
        assertNotNull(fra.get("/admin/realms/dive-v3-broker-fra"));
        assertEquals("https://keycloak-fra:8443/realms/dive-v3-broker-fra/protocol/openid-connect/token",
                usa.get("/admin/realms/dive-v3-broker-usa/identity-provider/instances/fra-idp").path("config").path("tokenUrl").asText(),
                "the hub's Keycloak does not call fra's on the shared network");
    }

    @Test
    @Order(2)
    void verifyPassesEveryLinkBothWaysAndABrowserLogsInThroughTheHub() throws Exception {
        Dive.Result verify = dive.dive("verify", "topology.yaml");
        assertEquals(0, verify.code(), verify::toString);
        assertTrue(verify.out().contains("All 32 checks of 2 links passed."), verify::toString);

        String url = BrowserLogin.throughHub("https://localhost:8443", "dive-v3-broker-usa", "fra-idp", "testuser-fra-1", secret("testuser-fra-1"),
                spki(dir.resolve("certs/keycloak.pem")));
        assertTrue(url.startsWith("https://localhost:8443/realms/dive-v3-broker-usa/account"), url);
        JsonNode user = keycloak("usa", 8443).get("/admin/realms/dive-v3-broker-usa/users?exact=true&username=testuser-fra-1").get(0);
        assertEquals("[\"UNCLASSIFIED\"]", user.path("attributes").path("clearance").toString(), user::toString);
        assertEquals("[\"FRA\"]", user.path("attributes").path("countryOfAffiliation").toString(), user::toString);
        // DIVE V3's realm MFA: a SECRET user of fra is asked, on fra's Keycloak, for a one-time code after the password.
        String otp = BrowserLogin.askedForOtp("https://localhost:8443", "dive-v3-broker-usa", "fra-idp", "testuser-fra-3", secret("testuser-fra-3"),
                spki(dir.resolve("certs/keycloak.pem")));
        assertTrue(otp.startsWith("https://localhost:8444/realms/dive-v3-broker-fra/"), otp);
    }

    @Test
    @Order(3)
    void theNextApplyChangesNothingAndWritesNothing() throws Exception {
        Dive.Result plan = dive.dive("plan", "topology.yaml", "--detailed-exitcode");
        assertEquals(0, plan.code(), plan::toString);
        System.out.println("FIGURE no-op plan of manifests/local (three Keycloaks observed in parallel): " + plan.millis() + " ms");
        dive.env.put("DIVE_KEYCLOAK_STATS", "1");
        Dive.Result apply = dive.dive("apply", "--auto-approve", "topology.yaml");
        dive.env.remove("DIVE_KEYCLOAK_STATS");
        assertEquals(0, apply.code(), apply::toString);
        assertTrue(apply.out().contains("No changes."), apply::toString);
        long servers = apply.err().lines().filter(l -> l.startsWith("keycloak requests to keycloak-")).count();
        assertEquals(3, servers, apply::toString);
        assertTrue(apply.err().lines().filter(l -> l.startsWith("keycloak requests to")).allMatch(l -> l.endsWith(" 0 writes (token requests excluded)")),
                apply::toString);

        // dive status looks at what runs: every container healthy, fra's replica set with its PRIMARY, each
        // Keycloak answering over HTTPS with its certificate's days left, both links verified (step 2).
        Dive.Result status = dive.dive("status", "topology.yaml", "--json");
        assertEquals(0, status.code(), status::toString);
        JsonNode fra = instance(JSON.readTree(status.out()), "fra");
        assertTrue(check(fra, "container.dive-spoke-fra-keycloak running").path("detail").asText().startsWith("running, healthy, 0 restarts"), fra::toString);
        assertTrue(check(fra, "replicaset.dive-spoke-fra-mongodb/rs0 primary").path("detail").asText().startsWith("PRIMARY "), fra::toString);
        assertEquals("ok", check(fra, "server keycloak-fra reachable").path("level").asText(), fra::toString);
        assertTrue(check(fra, "server keycloak-fra certificate").path("detail").asText().matches("127.0.0.1:8444: \\d+ days left \\(until .*\\)"),
                fra::toString);
        assertTrue(check(fra, "link.usa-fra last verify").path("detail").asText().startsWith("passed "), fra::toString);
        System.out.println("FIGURE dive status of manifests/local (3 instances, live checks in parallel): " + status.millis() + " ms wall, "
                + JSON.readTree(status.out()).path("duration_ms").asLong() + " ms in dive");
    }

    private static JsonNode instance(JsonNode status, String code) {
        for (JsonNode i : status.path("instances")) {
            if (i.path("code").asText().equals(code)) {
                return i;
            }
        }
        throw new AssertionError("no instance " + code + " in " + status);
    }

    private static JsonNode check(JsonNode instance, String name) {
        for (JsonNode c : instance.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + instance);
    }

    @Test
    @Order(4)
    void aStoppedKeycloakIsDriftThatApplyRepairsAndNothingElse() throws Exception {
        assertEquals(0, dive.run(List.of("docker", "stop", "dive-spoke-fra-keycloak"), 3).code());
        Dive.Result drift = dive.dive("drift", "topology.yaml", "--json");
        assertEquals(2, drift.code(), drift::toString);
        JsonNode report = JSON.readTree(drift.out());
        List<String> changed = new ArrayList<>();
        for (JsonNode c : report.path("changes")) {
            if (!c.has("known_after")) {
                changed.add(c.path("action").asText() + " " + c.path("address").asText());
            }
            assertTrue(Set.of("update").contains(c.path("action").asText()), "neither missing nor failing: " + c);
        }
        assertEquals(List.of("update container.dive-spoke-fra-keycloak"), changed, drift::toString);
        assertTrue(report.path("unknown").toString().contains("\"address\":\"realm.dive-v3-broker-fra\",\"known_after\":\"container.dive-spoke-fra-keycloak\""),
                drift::toString);

        // dive status: fra is degraded, and each failing check says the one command that mends it.
        Dive.Result degraded = dive.dive("status", "topology.yaml", "--instance", "fra");
        assertEquals(2, degraded.code(), degraded::toString);
        assertTrue(degraded.out().contains("FAILED container.dive-spoke-fra-keycloak running: exited (exit code "), degraded::toString);
        assertTrue(degraded.out().contains("FAILED realm.dive-v3-broker-fra: unknown: its server is not running (container.dive-spoke-fra-keycloak)"),
                degraded::toString);
        assertTrue(degraded.out().contains("FAILED server keycloak-fra reachable: "), degraded::toString);
        assertTrue(degraded.out().contains("fix: dive apply --target container.dive-spoke-fra-keycloak topology.yaml"), degraded::toString);
        assertEquals(0, dive.dive("status", "topology.yaml", "--instance", "usa").code(), "the hub is untouched");

        Dive.Result apply = dive.dive("apply", "--auto-approve", "topology.yaml");
        assertEquals(0, apply.code(), apply::toString);
        assertTrue(apply.out().contains("Apply complete! Resources: 0 created, 1 updated, 0 replaced, 0 deleted."), apply::toString);
        Dive.Result verify = dive.dive("verify", "topology.yaml");
        assertEquals(0, verify.code(), verify::toString);
    }

    @Test
    @Order(5)
    void rotatingFrasDatabaseAndAdminPasswordsSetsThemInsideItsRunningServersFirst() throws Exception {
        String oldDb = secret("postgres-fra");
        String oldAdmin = secret("keycloak-admin-fra");
        String newDb = "rotated-Db-" + java.util.UUID.randomUUID();
        String newAdmin = "rotated-Adm1n-" + java.util.UUID.randomUUID();
        // The documented rotation: the server's admin.previous_password names what Keycloak has now.
        Path template = dir.resolve("templates/local-spoke.yaml");
        String plain = Files.readString(template);
        String rotating = plain.replace("admin: {username: admin, password: \"${secret:generate:keycloak-admin-${code}}\"}",
                "admin: {username: admin, password: \"${secret:generate:keycloak-admin-${code}}\","
                        + " previous_password: \"${secret:file:keycloak-admin-${code}-previous}\"}");
        assertTrue(!rotating.equals(plain), "the template's admin block changed shape");
        Files.writeString(template, rotating);
        Path file = dir.resolve(".dive/secrets.json");
        String before = Files.readString(file);
        com.fasterxml.jackson.databind.node.ObjectNode secrets = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(before);
        secrets.put("keycloak-admin-fra-previous", oldAdmin);
        secrets.put("keycloak-admin-deu-previous", secret("keycloak-admin-deu"));
        secrets.put("postgres-fra", newDb);
        secrets.put("keycloak-admin-fra", newAdmin);
        Files.writeString(file, JSON.writeValueAsString(secrets));

        Dive.Result plan = dive.dive("plan", "topology.yaml", "--json");
        assertEquals(0, plan.code(), plan::toString);
        Set<String> touched = new TreeSet<>();
        JSON.readTree(plan.out()).path("changes").forEach(c -> touched.add(c.path("action").asText() + " " + c.path("address").asText()));
        assertTrue(touched.contains("update postgres_password.dive-spoke-fra-postgres/keycloak") && touched.contains("replace container.dive-spoke-fra-keycloak"),
                plan::toString);
        assertTrue(touched.stream().allMatch(t -> t.contains("fra")), "a rotation of fra's secrets touches another instance: " + touched);

        Dive.Result apply = dive.dive("apply", "--auto-approve", "topology.yaml");
        assertEquals(0, apply.code(), apply::toString);
        for (String text : List.of(plan.toString(), apply.toString())) {
            assertTrue(!text.contains(newDb) && !text.contains(oldDb) && !text.contains(newAdmin) && !text.contains(oldAdmin), "a password was printed");
        }
        // PostgreSQL takes the new password and refuses the old (a TCP login inside its container).
        assertEquals(0, psqlLogin(newDb), "fra's PostgreSQL refuses the new password");
        assertEquals(2, psqlLogin(oldDb), "fra's PostgreSQL still takes the old password");
        // Keycloak too; fra's Keycloak, recreated with the new database password, serves its realm.
        assertNotNull(keycloak("fra", 8444).get("/admin/realms/dive-v3-broker-fra"));
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> new LocalKeycloak("https://127.0.0.1:8444", oldAdmin, dir.resolve("certs/ca.pem")).get("/admin/realms/master"));
        assertTrue(refused.getMessage().contains("answered 401"), refused.getMessage());
        Dive.Result verify = dive.dive("verify", "topology.yaml");
        assertEquals(0, verify.code(), verify::toString);

        // Rotation over: the previous password goes, and nothing changes.
        Files.writeString(template, plain);
        Dive.Result quiet = dive.dive("plan", "topology.yaml", "--detailed-exitcode");
        assertEquals(0, quiet.code(), quiet::toString);
    }

    /** psql's exit code for a TCP login to fra's PostgreSQL with this password (0: in; 2: refused). */
    private static int psqlLogin(String password) {
        dive.env.put("PGPASSWORD", password); // passed on by name (docker exec -e NAME), never on a command line
        try {
            return dive.run(List.of("docker", "exec", "-e", "PGPASSWORD", "dive-spoke-fra-postgres", "psql", "-h", "127.0.0.1", "-U", "keycloak",
                    "-d", "keycloak", "-Atc", "select 1"), 2).code();
        } finally {
            dive.env.remove("PGPASSWORD");
        }
    }

    @Test
    @Order(6)
    void removingASpokeTakesExactlyItsPart() throws Exception {
        String full = Files.readString(dir.resolve("topology.yaml"));
        String withoutDeu = full.replaceAll("(?s)  - code: deu\\n.*?mongodb_port: \"27019\"}\\n", "");
        assertTrue(!withoutDeu.equals(full) && !withoutDeu.contains("deu"), withoutDeu);
        Files.writeString(dir.resolve("topology.yaml"), withoutDeu);
        Dive.Result plan = dive.dive("plan", "topology.yaml", "--json");
        assertEquals(0, plan.code(), plan::toString);
        Set<String> touched = new TreeSet<>();
        JSON.readTree(plan.out()).path("changes").forEach(c -> touched.add(c.path("action").asText() + " " + c.path("address").asText()));
        Set<String> expected = new TreeSet<>(List.of("delete container.dive-spoke-deu-keycloak", "delete container.dive-spoke-deu-postgres",
                "delete container.dive-spoke-deu-mongodb", "delete link.usa-deu", "delete document.dive-hub-mongodb/dive.federation_spokes/deu",
                "forget realm.dive-v3-broker-deu", "forget client.dive-v3-broker-deu/dive-v3-frontend", "forget replicaset.dive-spoke-deu-mongodb/rs0",
                "forget user.dive-v3-broker-deu/admin-deu", "delete postgres_password.dive-spoke-deu-postgres/keycloak",
                "forget admin_password.keycloak-deu", "forget auth_flow.dive-v3-broker-deu/dive-browser-mfa"));
        for (int i = 1; i <= 5; i++) {
            expected.add("forget user.dive-v3-broker-deu/testuser-deu-" + i);
        }
        assertEquals(expected, touched, plan::toString);
        assertTrue(JSON.readTree(plan.out()).path("kept").toString().contains("\"address\":\"volume.dive-spoke-deu-postgres-data\""),
                "the plan does not say it keeps deu's database volume: " + plan.out());

        Dive.Result apply = dive.dive("apply", "--auto-approve", "topology.yaml");
        assertEquals(0, apply.code(), apply::toString);
        assertEquals(null, keycloak("usa", 8443).get("/admin/realms/dive-v3-broker-usa/identity-provider/instances/deu-idp"), "deu's IdP stayed on the hub");
        Dive.Result verify = dive.dive("verify", "topology.yaml");
        assertEquals(0, verify.code(), verify::toString);
        assertTrue(verify.out().contains("All 16 checks of 1 link passed."), verify::toString);
        Files.writeString(dir.resolve("topology.yaml"), full);
    }

    @Test
    @Order(7)
    void destroyLeavesOnlyTheProtectedVolumesAndNamesThem() throws Exception {
        Dive.Result destroy = dive.dive("destroy", "--auto-approve", "topology.yaml");
        assertEquals(0, destroy.code(), destroy::toString);
        String filter = "label=dive.topology=" + TOPOLOGY;
        assertEquals("", dive.run(List.of("docker", "ps", "-aq", "--filter", filter), 1).out().strip(), "containers are left");
        assertEquals("", dive.run(List.of("docker", "network", "ls", "-q", "--filter", filter), 1).out().strip(), "networks are left");
        Set<String> volumes = new TreeSet<>(dive.run(List.of("docker", "volume", "ls", "--format", "{{.Name}}", "--filter", filter), 1).out().strip().lines().toList());
        assertEquals(Set.of("dive-hub-postgres-data", "dive-spoke-fra-postgres-data", "dive-spoke-deu-postgres-data"), volumes);
        for (String v : volumes) {
            assertTrue(destroy.out().contains("volume." + v + ": prevent_destroy: kept"), destroy::toString);
        }
    }

    private static LocalKeycloak keycloak(String code, int port) throws Exception {
        return new LocalKeycloak("https://127.0.0.1:" + port, secret("keycloak-admin-" + code), dir.resolve("certs/ca.pem"));
    }

    /** A value dive generated (${secret:generate:NAME}), from the manifest folder's secret file. */
    private static String secret(String name) throws Exception {
        return JSON.readTree(Files.readString(dir.resolve(".dive/secrets.json"))).path(name).asText();
    }

    /** The base64 SHA-256 of a certificate's public key, as Chromium pins it. */
    private static String spki(Path pem) throws Exception {
        java.security.cert.X509Certificate c;
        try (var in = Files.newInputStream(pem)) {
            c = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded()));
    }
}
