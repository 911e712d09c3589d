package io.dive.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.provider.keycloak.KeycloakTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The release tarball (engine/cli/target/dive-VERSION.tar.gz) on a host without Maven: unpacked into an empty
 * directory made read-only, with a PATH that has java and a few shell tools but no mvn, bin/dive says its
 * version, validates the quickstart and plans it against a real Keycloak; its start-up cache goes to the
 * user's cache folder, and nothing is written into the installation. The tarball carries the LICENSE and a
 * CycloneDX SBOM of the jar.
 */
class ReleaseInstallTest {

    static final Path TARBALL_DIR = Dive.ROOT.resolve("engine/cli/target");

    @Test
    void theTarballRunsWithoutMavenFromAReadOnlyDirectory() throws Exception {
        Path tarball;
        try (Stream<Path> files = Files.list(TARBALL_DIR)) {
            tarball = files.filter(f -> f.getFileName().toString().matches("dive-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no dive-VERSION.tar.gz in " + TARBALL_DIR + " (mvn package builds it)"));
        }
        Path root = Files.createTempDirectory("dive-install");
        Path prefix = Files.createDirectories(root.resolve("opt"));
        Path home = Files.createDirectories(root.resolve("home"));
        Path work = Files.createDirectories(root.resolve("work"));
        Dive shell = new Dive(root);
        assertEquals(0, shell.run(List.of("tar", "xzf", tarball.toString(), "-C", prefix.toString()), 2).code());
        Path installed;
        try (Stream<Path> dirs = Files.list(prefix)) {
            installed = dirs.findFirst().orElseThrow();
        }
        assertTrue(Files.isExecutable(installed.resolve("bin/dive")) && Files.exists(installed.resolve("lib/dive.jar"))
                && Files.exists(installed.resolve("LICENSE")), "the tarball's layout");
        // The CycloneDX SBOM of what the jar ships (an online build makes it; ./test builds online).
        String sbom = Files.readString(installed.resolve("sbom.cdx.json"));
        assertTrue(sbom.contains("\"bomFormat\" : \"CycloneDX\"") || sbom.contains("\"bomFormat\":\"CycloneDX\""), "not a CycloneDX SBOM");
        assertTrue(sbom.contains("keycloak-admin-client") && sbom.contains("docker-java-core") && sbom.contains("mongodb-driver-sync"), "the SBOM misses what the jar ships");
        assertEquals(0, shell.run(List.of("chmod", "-R", "a-w", installed.toString()), 1).code());
        String before = listing(installed);

        // A PATH with no Maven: java and the tools the launcher uses, nothing else.
        Path bin = Files.createDirectories(root.resolve("path"));
        for (String tool : List.of("bash", "dirname", "cat", "sed", "cksum", "cut", "head", "basename", "mkdir", "mv", "rm")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of(which(tool)));
        }
        Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        Dive dive = new Dive(work);
        dive.env.clear();
        dive.env.put("PATH", bin.toString());
        dive.env.put("HOME", home.toString());

        Dive.Result version = dive.run(List.of(installed.resolve("bin/dive").toString(), "--version"), 5);
        assertEquals(0, version.code(), version::toString);
        assertTrue(version.out().matches("dive \\S+ \\((commit [0-9a-f]{12}(, modified)?|built outside git)\\)\\s*"), version::toString);
        try (Stream<Path> cached = Files.walk(home)) {
            assertTrue(cached.anyMatch(f -> f.getFileName().toString().startsWith("dive.") && Files.isRegularFile(f)),
                    "no start-up cache in the user's folder: " + version);
        }

        Path manifest = Files.copy(installed.resolve("examples/quickstart/topology.yaml"), work.resolve("topology.yaml"));
        Dive.Result valid = dive.run(List.of(installed.resolve("bin/dive").toString(), "validate", manifest.toString()), 2);
        assertEquals(0, valid.code(), valid::toString);
        assertTrue(valid.out().contains("valid (30 resources)"), valid::toString);

        dive.env.put("DIVE_KEYCLOAK_URL", KeycloakTestServer.url());
        Dive.Result plan = dive.run(List.of(installed.resolve("bin/dive").toString(), "plan", manifest.toString()), 5);
        assertEquals(0, plan.code(), plan::toString);
        assertTrue(plan.out().contains("to create"), plan::toString);

        assertEquals(before, listing(installed), "the installation was written to");
        shell.run(List.of("chmod", "-R", "u+w", root.toString()), 1);
    }

    private static String listing(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return String.join("\n", files.map(f -> dir.relativize(f) + " " + f.toFile().length()).sorted().toList());
        }
    }

    private static String which(String tool) {
        for (String d : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return d + "/" + tool;
            }
        }
        throw new AssertionError("no " + tool + " on this machine");
    }
}
