package io.dive.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dive.core.engine.TopologyChecks;
import io.dive.core.manifest.ManifestLoader;
import io.dive.core.model.Topology;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.DiveException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The manifest path, whole: YAML, interpolation, the schema, templates (the built-in hub and spoke
 * ones, and a templates folder beside the manifest), the providers' attribute checks and the graph.
 * Any input either loads or is refused with an error that names the file; nothing is contacted.
 */
class ManifestFuzzTest {

    private static ProviderRegistry registry;
    private static Path dir;
    private static Path manifest;

    @BeforeAll
    static void setUp() throws IOException {
        registry = ProviderRegistry.discover();
        dir = Files.createTempDirectory("dive-fuzz-manifest");
        manifest = dir.resolve("topology.yaml");
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("svc.yaml"), """
                resources:
                  - {type: group, name: "svc-${code}", attributes: {members: ["${name}"]}}
                  - {type: item, name: "svc-${code}/a", depends_on: ["group.svc-${code}"], attributes: {value: "${CODE}"}}
                """);
    }

    @AfterAll
    static void tearDown() {
        registry.close();
    }

    @FuzzTest(maxDuration = "60s")
    void manifest(byte[] input) {
        try {
            Files.write(manifest, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = Map.of("DIVE_FUZZ", "value", "DIVE_KEYCLOAK_URL", "http://127.0.0.1:1");
        try {
            Topology t = new ManifestLoader(env::get, registry.types()).load(manifest);
            TopologyChecks.check(t, registry);
        } catch (DiveException e) {
            UserErrors.requireLocated(e, manifest.toString(), dir.resolve("templates").toString(), "templates");
        }
    }
}
