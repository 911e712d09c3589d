package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and confirmation rules of the contract. */
class CliContractTest {

    @TempDir
    Path dir;

    @Test
    void usageErrorsExit64WithTheUsageLine() {
        DiveRunner dive = new DiveRunner(dir);
        DiveRunner.Result r = dive.run("plan", "--no-such-option", "x.yaml");
        assertEquals(64, r.code(), r::toString);
        assertTrue(r.err().contains("Usage: dive plan"), r::toString);
        assertEquals(64, dive.run("frobnicate").code());
        assertEquals(64, dive.run("apply").code());
        assertEquals(64, dive.run("graph", "--format", "png", "x.yaml").code());
    }

    @Test
    void helpOnEveryCommandAndSubcommandPrintsItsUsageAndExits0() {
        DiveRunner dive = new DiveRunner(dir);
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(Main.commandLine(null), new java.util.ArrayList<>(), paths);
        assertTrue(paths.size() >= 18, paths::toString);
        for (java.util.List<String> path : paths) {
            java.util.List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            DiveRunner.Result r = dive.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), () -> args + ": " + r);
            assertTrue(r.out().contains("Usage: dive" + (path.isEmpty() ? "" : " " + String.join(" ", path))), () -> args + ": " + r);
            // Each command's help lists its exit codes.
            assertTrue(r.out().contains("Exit codes:") && r.out().contains("  0 ") && r.out().contains("  64 ") && r.out().contains("  70 "),
                    () -> args + ": no exit codes in the help: " + r);
        }
        DiveRunner.Result drift = dive.run("drift", "--help");
        assertTrue(drift.out().contains("2    drift found"), drift::toString);
    }

    @Test
    void versionSaysTheBuildsVersionAndCommit() throws Exception {
        DiveRunner.Result r = new DiveRunner(dir).run("--version");
        assertEquals(0, r.code(), r::toString);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("dive (\\S+) \\(commit ([0-9a-f]{12})(, modified)?\\)").matcher(r.out().strip());
        assertTrue(m.matches(), r::toString);
        assertTrue(m.group(1).startsWith("0."), r::toString);
        // The commit this build was made from: the repository's HEAD here.
        Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").directory(Path.of("..", "..").toFile()).start();
        String head = new String(git.getInputStream().readAllBytes()).strip();
        assertEquals(0, git.waitFor());
        assertEquals(head, m.group(2), r::toString);
    }

    @Test
    void aShellCompletionScriptIsGenerated() {
        DiveRunner.Result r = new DiveRunner(dir).run("generate-completion");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("complete -F") && r.out().contains("plan") && r.out().contains("--metrics-file"), r::toString);
    }

    private static void collect(picocli.CommandLine cl, java.util.List<String> path, java.util.List<java.util.List<String>> out) {
        out.add(java.util.List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) { // aliases would repeat
                java.util.List<String> next = new java.util.ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }

    @Test
    void applyWithoutAutoApproveRefusesOffTerminalAndChangesNothing() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, ApplyLifecycleTest.topology(""));
        DiveRunner dive = new DiveRunner(dir);
        DiveRunner.Result r = dive.run("apply", manifest.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("stdin is not a terminal"), r::toString);
        assertEquals(0, MemoryServer.at(dir.resolve("server.json").toString()).size());
    }

    @Test
    void onATerminalOnlyYesApplies() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, ApplyLifecycleTest.topology(""));
        DiveRunner dive = new DiveRunner(dir);
        dive.terminal = true;
        dive.stdin = "no\n";
        assertEquals(1, dive.run("apply", manifest.toString()).code());
        assertEquals(0, MemoryServer.at(dir.resolve("server.json").toString()).size());
        dive.stdin = "yes\n";
        DiveRunner.Result r = dive.run("apply", manifest.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("group.hub: Creation complete after"), r::toString);
        assertEquals(3, MemoryServer.at(dir.resolve("server.json").toString()).size());
    }

    @Test
    void graphFormats() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, ApplyLifecycleTest.topology(""));
        DiveRunner dive = new DiveRunner(dir);
        assertTrue(dive.run("graph", manifest.toString()).out().contains("\"group.hub\" -> \"item.hub/alice\";"));
        assertTrue(dive.run("graph", "--format", "mermaid", manifest.toString()).out().startsWith("flowchart LR"));
        assertTrue(dive.run("graph", "--format", "json", manifest.toString()).out().contains("\"from\" : \"group.hub\""));
    }

    @Test
    void everyJsonDocumentSaysItsFormatVersionAndTopology() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, ApplyLifecycleTest.topology(""));
        DiveRunner dive = new DiveRunner(dir);
        Path plan = dir.resolve("change.plan");
        assertEquals(0, dive.run("plan", "--out", plan.toString(), manifest.toString()).code());
        java.util.List<String[]> commands = java.util.List.of(
                new String[] {"plan", "--json", manifest.toString()},
                new String[] {"show", "--json", plan.toString()},
                new String[] {"apply", "--auto-approve", "--json", manifest.toString()},
                new String[] {"drift", "--json", manifest.toString()},
                new String[] {"status", "--json", manifest.toString()},
                new String[] {"verify", "--json", manifest.toString()},
                new String[] {"graph", "--format", "json", manifest.toString()});
        for (String[] args : commands) {
            DiveRunner.Result r = dive.run(args);
            com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
            assertEquals(1, doc.path("format_version").asInt(), () -> String.join(" ", args) + ": " + r);
            assertEquals("lifecycle", doc.path("topology").asText(), () -> String.join(" ", args) + ": " + r);
        }
    }
}
