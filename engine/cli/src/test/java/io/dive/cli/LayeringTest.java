package io.dive.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of the engine seams, checked on the compiled main classes of every module (this
 * module sees them all on its test class path): the SPI is what everything else compiles against, and
 * the engine and its front end reach providers only through it.
 */
class LayeringTest {

    static final List<String> PROVIDERS = List.of("docker", "keycloak", "mongodb", "postgres", "secrets");
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.dive");
        // Without the providers' classes every rule below would hold vacuously.
        for (String p : PROVIDERS) {
            if (classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.dive.provider." + p))) {
                throw new AssertionError("no classes of provider " + p + " were imported: the layering rules would test nothing");
            }
        }
    }

    @Test
    void theSpiImportsNothingElseOfDive() {
        noClasses().that().resideInAPackage("io.dive.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dive.core..", "io.dive.cli..", "io.dive.provider..", "io.dive.testkit..")
                .check(classes);
    }

    @Test
    void coreImportsNoProvider() {
        noClasses().that().resideInAPackage("io.dive.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dive.provider..", "io.dive.cli..")
                .check(classes);
    }

    @Test
    void theCliImportsNoProvider() {
        noClasses().that().resideInAPackage("io.dive.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.dive.provider..")
                .check(classes);
    }

    @Test
    void noProviderImportsAnotherProviderOrCore() {
        for (String p : PROVIDERS) {
            String[] others = PROVIDERS.stream().filter(o -> !o.equals(p)).map(o -> "io.dive.provider." + o + "..").toArray(String[]::new);
            ArchRule rule = noClasses().that().resideInAPackage("io.dive.provider." + p + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .orShould().dependOnClassesThat().resideInAnyPackage("io.dive.core..", "io.dive.cli..", "io.dive.testkit..");
            rule.check(classes);
        }
    }

    /**
     * Core's packages form no cycle: from the bottom, model and files; secrets; manifest; run (the
     * providers, bindings and context of a run); graph; plan; apply; state; then engine (the opened
     * workspace), metrics and ops (the use cases). A view of a plan or graph lives in the CLI.
     */
    @Test
    void coresPackagesFormNoCycle() {
        if (classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.dive.core.run"))) {
            throw new AssertionError("no classes of io.dive.core.run were imported: the rule would test nothing");
        }
        slices().matching("io.dive.core.(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * Core is generic: it names no provider, server or object of DIVE V3. No class of it holds the words
     * keycloak, docker or realm (in a string, a name or a signature); DIVE V3's shape is the dive-topology
     * module's, found by ServiceLoader, and each provider's words are its own.
     */
    @Test
    void coreKnowsNoKeycloakDockerOrRealm() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of(io.dive.core.run.ProviderRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new java.util.ArrayList<>();
        int read = 0;
        try (java.nio.file.FileSystem jar = root.toString().endsWith(".jar") ? java.nio.file.FileSystems.newFileSystem(root) : null;
             java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(jar == null ? root : jar.getPath("/"))) {
            for (java.nio.file.Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                read++;
                String text = new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
                for (String word : List.of("keycloak", "docker", "realm")) {
                    if (text.contains(word)) {
                        found.add(f + ": " + word);
                    }
                }
            }
        }
        if (read < 50) {
            throw new AssertionError("read only " + read + " classes of core at " + root + ": the rule would test nothing");
        }
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), found);
    }

    @Test
    void coreImportsNotTheDiveTopology() {
        noClasses().that().resideInAPackage("io.dive.core..")
                .should().dependOnClassesThat().resideInAPackage("io.dive.topology..")
                .check(classes);
    }
}
