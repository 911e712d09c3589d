package io.dive.cli;

import io.dive.core.run.ProviderRegistry;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the real CLI in-process with captured output and a chosen environment. */
final class DiveRunner {

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    final Map<String, String> env = new HashMap<>();
    boolean terminal;
    String stdin = "";

    DiveRunner(Path fingerprintKeyDir) {
        env.put("DIVE_FINGERPRINT_KEY", "test-key-" + fingerprintKeyDir.getFileName());
    }

    /**
     * Writes {@code yaml} as topology.yaml in {@code dir} and checks that validate and plan both refuse
     * it (exit 1) and write no state; returns validate's error, the file named topology.yaml.
     */
    static String refused(Path dir, String yaml) throws java.io.IOException {
        Path file = dir.resolve("topology.yaml");
        java.nio.file.Files.writeString(file, yaml);
        DiveRunner dive = new DiveRunner(dir);
        Result r = dive.run("validate", file.toString());
        org.junit.jupiter.api.Assertions.assertEquals(1, r.code(), r::toString);
        Result plan = dive.run("plan", file.toString());
        org.junit.jupiter.api.Assertions.assertEquals(1, plan.code(), plan::toString);
        org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(dir.resolve(".dive/state.json")), "a failed validation wrote state");
        return r.err().strip().replace(file.toString(), "topology.yaml");
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env::get, ProviderRegistry::discover, terminal, new BufferedReader(new StringReader(stdin)));
        int code = Main.run(cli, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
