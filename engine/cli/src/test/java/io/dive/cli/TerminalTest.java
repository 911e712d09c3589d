package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.testkit.MemoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dive at a real terminal (a pseudo-terminal from util-linux's script): colour only when stdout is a
 * terminal, never with --no-color or NO_COLOR; and the confirmation prompt works when stdout is piped
 * ({@code dive apply | tee log}) while stdin is the terminal.
 */
class TerminalTest {

    @TempDir
    Path dir;

    @BeforeEach
    void manifest() throws Exception {
        Files.writeString(dir.resolve("topology.yaml"), ApplyLifecycleTest.topology(""));
    }

    /** Runs a shell line under a pseudo-terminal; {@code typed} is what the user types. */
    String atTerminal(String line, String typed, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + System.getProperty("java.class.path") + " " + Main.class.getName();
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", line.replace("DIVE", java), "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(typed.getBytes());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    static boolean coloured(String out) {
        return out.contains("\u001b[32m");
    }

    @Test
    void colourOnlyAtATerminalAndNeverWhenAskedNotTo() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no script(1): Debian's bsdutils");
        String plain = "DIVE plan topology.yaml";
        assertTrue(coloured(atTerminal(plain, "", Map.of())), "no colour at a terminal");
        assertTrue(!coloured(atTerminal(plain, "", Map.of("NO_COLOR", "1"))), "colour with NO_COLOR");
        assertTrue(!coloured(atTerminal("DIVE plan --no-color topology.yaml", "", Map.of())), "colour with --no-color");
        assertTrue(!coloured(atTerminal(plain + " | cat", "", Map.of())), "colour into a pipe");
        assertTrue(!atTerminal("DIVE plan --json topology.yaml", "", Map.of()).contains("\u001b["), "escape codes in JSON");
    }

    @Test
    void theConfirmationWorksWhenStdoutIsPiped() throws Exception {
        String out = atTerminal("DIVE apply topology.yaml | tee apply.log", "yes\n", Map.of());
        assertTrue(out.contains("Only 'yes' will be accepted"), out);
        assertTrue(Files.readString(dir.resolve("apply.log")).contains("Apply complete! Resources: 3 created"), out);
        assertNotNull(MemoryServer.at(dir.resolve("server.json").toString()).get("item.hub/alice"));

        String refused = atTerminal("DIVE destroy topology.yaml | tee destroy.log", "no\n", Map.of());
        assertTrue(refused.contains("Destroy cancelled."), refused);
        assertNotNull(MemoryServer.at(dir.resolve("server.json").toString()).get("item.hub/alice"), "a refused destroy deleted");
    }
}
