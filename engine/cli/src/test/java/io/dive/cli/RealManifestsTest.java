package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifests in manifests/ validate and graph as they are (no network: validate and graph contact nothing). */
class RealManifestsTest {

    @TempDir
    Path dir;

    static final Path ROOT = Path.of("..", "..");

    Set<String> edges(String manifest) throws Exception {
        DiveRunner.Result r = new DiveRunner(dir).run("graph", "--format", "json", ROOT.resolve(manifest).toString());
        assertEquals(0, r.code(), r::toString);
        Set<String> out = new HashSet<>();
        for (JsonNode e : new ObjectMapper().readTree(r.out()).path("edges")) {
            out.add(e.path("from").asText() + " -> " + e.path("to").asText());
        }
        return out;
    }

    /** address -> the server the graph shows it bound to ("" for none). */
    java.util.Map<String, String> servers(String manifest) throws Exception {
        DiveRunner.Result r = new DiveRunner(dir).run("graph", "--format", "json", ROOT.resolve(manifest).toString());
        assertEquals(0, r.code(), r::toString);
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (JsonNode n : new ObjectMapper().readTree(r.out()).path("nodes")) {
            out.put(n.path("address").asText(), n.path("server").asText(""));
        }
        return out;
    }

    /** Each instance's realm, users and MongoDB on its own servers, waiting for the containers that run them; links on the hub's. */
    void eachInstanceOnItsOwnServers(String manifest, String hubPrefix, String... spokes) throws Exception {
        java.util.Map<String, String> bound = servers(manifest);
        Set<String> e = edges(manifest);
        assertEquals("keycloak-usa", bound.get("realm.dive-v3-broker-usa"));
        assertTrue(e.contains("container." + hubPrefix + "keycloak -> realm.dive-v3-broker-usa"), e::toString);
        for (String spoke : spokes) {
            assertEquals("keycloak-" + spoke, bound.get("realm.dive-v3-broker-" + spoke), spoke);
            assertEquals("keycloak-" + spoke, bound.get("user.dive-v3-broker-" + spoke + "/testuser-" + spoke + "-1"), spoke);
            assertEquals("keycloak-usa", bound.get("link.usa-" + spoke), "a link lives with its hub realm: " + spoke);
            assertEquals("mongodb-" + spoke, bound.get("replicaset.dive-spoke-" + spoke + "-mongodb/rs0"), spoke);
            assertEquals("mongodb-usa", bound.get("document.dive-hub-mongodb/dive.federation_spokes/" + spoke), spoke);
            assertEquals("", bound.get("container.dive-spoke-" + spoke + "-keycloak"), "what runs a server is not on it: " + spoke);
            assertTrue(e.contains("container.dive-spoke-" + spoke + "-keycloak -> realm.dive-v3-broker-" + spoke), spoke);
            assertTrue(e.contains("container.dive-spoke-" + spoke + "-mongodb -> replicaset.dive-spoke-" + spoke + "-mongodb/rs0"), spoke);
        }
    }

    @Test
    void diveV3AndTheLocalShapeBindEachInstanceToItsOwnServers() throws Exception {
        eachInstanceOnItsOwnServers("manifests/dive-v3/topology.yaml", "dive-hub-", "fra", "deu", "gbr");
        DiveRunner.Result r = new DiveRunner(dir).run("validate", ROOT.resolve("manifests/local/topology.yaml").toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("valid (53 resources)"), r::toString);
        eachInstanceOnItsOwnServers("manifests/local/topology.yaml", "dive-hub-", "fra", "deu");
    }

    @Test
    void quickstartValidatesAndItsLinksNeedBothRealms() throws Exception {
        DiveRunner.Result r = new DiveRunner(dir).run("validate", ROOT.resolve("manifests/quickstart/topology.yaml").toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("valid (30 resources)"), r::toString);
        Set<String> e = edges("manifests/quickstart/topology.yaml");
        assertTrue(e.contains("realm.dive-v3-broker-usa -> link.usa-fra") && e.contains("realm.dive-v3-broker-fra -> link.usa-fra"), e::toString);
        assertTrue(e.contains("realm.dive-v3-broker-deu -> user.dive-v3-broker-deu/testuser-deu-3"), e::toString);
    }

    @Test
    void diveV3ValidatesAndGraphsHubAndThreeSpokes() throws Exception {
        DiveRunner.Result r = new DiveRunner(dir).run("validate", ROOT.resolve("manifests/dive-v3/topology.yaml").toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("valid (103 resources)"), r::toString);
        Set<String> e = edges("manifests/dive-v3/topology.yaml");
        for (String spoke : new String[] {"fra", "deu", "gbr"}) {
            assertTrue(e.contains("network.dive-shared -> container.dive-spoke-" + spoke + "-mongodb"), spoke);
            assertTrue(e.contains("container.dive-spoke-" + spoke + "-mongodb -> replicaset.dive-spoke-" + spoke + "-mongodb/rs0"), spoke);
            assertTrue(e.contains("replicaset.dive-spoke-" + spoke + "-mongodb/rs0 -> container.dive-spoke-" + spoke + "-backend"), spoke);
            assertTrue(e.contains("replicaset.dive-hub-mongodb/rs0 -> document.dive-hub-mongodb/dive.federation_spokes/" + spoke), spoke);
            assertTrue(e.contains("volume.dive-spoke-" + spoke + "-mongodb-data -> container.dive-spoke-" + spoke + "-mongodb"), spoke);
            assertTrue(e.contains("realm.dive-v3-broker-" + spoke + " -> link.usa-" + spoke), spoke);
        }
        assertTrue(e.contains("container.dive-hub-postgres -> container.dive-hub-keycloak"));
        // A rotated database password is set inside PostgreSQL before the Keycloak that logs in with it is recreated.
        assertTrue(e.contains("container.dive-hub-postgres -> postgres_password.dive-hub-postgres/keycloak"), e::toString);
        assertTrue(e.contains("postgres_password.dive-hub-postgres/keycloak -> container.dive-hub-keycloak"), e::toString);
        assertTrue(e.contains("postgres_password.dive-spoke-fra-postgres/keycloak -> container.dive-spoke-fra-keycloak"), e::toString);
        assertTrue(e.contains("mongodb_password.mongodb-fra -> container.dive-spoke-fra-backend"), e::toString);
    }
}
