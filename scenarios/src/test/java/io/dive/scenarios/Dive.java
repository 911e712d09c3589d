package io.dive.scenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs what an operator runs, as child processes: dive.jar (built by the cli module in this reactor)
 * and the repository's scripts, with a chosen environment, their output captured and the command
 * line printed (so a failing run shows what was done).
 */
final class Dive {

    /** The repository's root: this module sits in it. */
    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    static final Path JAR = ROOT.resolve("engine/cli/target/dive.jar");

    record Result(int code, String out, String err, long millis) {
        @Override
        public String toString() {
            return "exit " + code + " after " + millis + " ms\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    final Map<String, String> env = new HashMap<>();
    private final Path dir;

    /** @param dir where the commands run (the manifest's copy, its state and secrets) */
    Dive(Path dir) {
        this.dir = dir;
    }

    Result dive(String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaHome17(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, 15);
    }

    /** A script of the repository (images/build), with the same environment. */
    Result script(String path, int minutes) {
        return run(List.of(ROOT.resolve(path).toString()), minutes);
    }

    Result run(List<String> cmd, int minutes) {
        System.out.println("$ " + String.join(" ", cmd));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().putAll(env);
            Path out = Files.createTempFile("dive-out", ".txt");
            Path err = Files.createTempFile("dive-err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not end within " + minutes + " minutes");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    (System.nanoTime() - start) / 1_000_000);
            Files.delete(out);
            Files.delete(err);
            System.out.println("  exit " + r.code() + " after " + r.millis() + " ms");
            return r;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** dive runs on the JDK the build uses (17 here): the one running this test. */
    private static String javaHome17() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
