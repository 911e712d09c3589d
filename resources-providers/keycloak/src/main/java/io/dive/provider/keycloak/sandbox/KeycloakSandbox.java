package io.dive.provider.keycloak.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A local Keycloak for the quickstart and the tests, from the Maven Central distribution: found in
 * ~/.m2 or downloaded there once (with progress), unpacked into a home folder, started in dev mode
 * on loopback with a JDK 21+ found on the machine, and stopped by its pid file.
 */
public final class KeycloakSandbox {

    public static final String DEFAULT_VERSION = "26.5.6";
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2";

    private final String version;
    private final int port;
    private final Path home;
    private final PrintStream progress;
    private final java.util.function.Function<String, String> env;

    public KeycloakSandbox(String version, int port, Path home, PrintStream progress, java.util.function.Function<String, String> env) {
        this.version = version;
        this.port = port;
        this.home = home;
        this.progress = progress;
        this.env = env;
    }

    /** The sandbox of {@code dive sandbox}: ~/.cache/dive/sandbox. */
    public static KeycloakSandbox standard(int port, PrintStream progress, java.util.function.Function<String, String> env) {
        return new KeycloakSandbox(DEFAULT_VERSION, port, Path.of(System.getProperty("user.home"), ".cache", "dive", "sandbox"), progress, env);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isUp() {
        try {
            HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<Void> r = c.send(HttpRequest.newBuilder(URI.create(url() + "/realms/master")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts Keycloak unless it already answers; returns once it serves the master realm. */
    public void up(Duration timeout) throws IOException, InterruptedException {
        if (isUp()) {
            progress.println("Keycloak already answers at " + url());
            return;
        }
        Path server = unpacked();
        Path jdk = findJdk(env).orElseThrow(() -> new IOException("Keycloak " + version + " needs a JDK 21 or newer; none found in "
                + "DIVE_KEYCLOAK_JAVA_HOME, JAVA_HOME or /usr/lib/jvm (install one, e.g. apt-get install openjdk-21-jdk-headless)"));
        Path log = home.resolve("keycloak-" + port + ".log");
        List<String> cmd = List.of(server.resolve("bin/kc.sh").toString(), "start-dev", "--http-port=" + port, "--http-host=127.0.0.1");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        // Keycloak 26.5 on Java 24+ needs this, or its worker threads die with an IllegalAccessError.
        pb.environment().put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
        progress.println("Starting Keycloak " + version + " on " + url() + " (JDK " + jdk + ", log " + log + ")");
        Process p = pb.start();
        Files.writeString(pidFile(), Long.toString(p.pid()));
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        long lastReport = 0;
        while (!isUp()) {
            if (!p.isAlive()) {
                throw new IOException("Keycloak exited with code " + p.exitValue() + " before it was ready; see " + log);
            }
            if (Instant.now().isAfter(deadline)) {
                p.destroyForcibly();
                throw new IOException("Keycloak did not answer " + url() + "/realms/master within " + timeout.toSeconds() + "s; see " + log);
            }
            long waited = Duration.between(start, Instant.now()).toSeconds();
            if (waited - lastReport >= 10) {
                progress.println("  waiting for Keycloak to serve /realms/master... [" + waited + "s elapsed]");
                lastReport = waited;
            }
            Thread.sleep(500);
        }
        progress.println("Keycloak is ready at " + url() + " after " + Duration.between(start, Instant.now()).toSeconds()
                + "s (admin / admin)");
    }

    /** Stops the Keycloak this sandbox started, and its children. */
    public boolean down() throws IOException {
        Path pid = pidFile();
        if (!Files.exists(pid)) {
            return false;
        }
        long p = Long.parseLong(Files.readString(pid).trim());
        Optional<ProcessHandle> h = ProcessHandle.of(p);
        if (h.isPresent()) {
            h.get().descendants().forEach(ProcessHandle::destroy);
            h.get().destroy();
            try {
                h.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                h.get().descendants().forEach(ProcessHandle::destroyForcibly);
                h.get().destroyForcibly();
            }
        }
        Files.deleteIfExists(pid);
        return h.isPresent();
    }

    private Path pidFile() throws IOException {
        Files.createDirectories(home);
        return home.resolve("keycloak-" + port + ".pid");
    }

    /** The unpacked server, unpacking the distribution the first time. */
    Path unpacked() throws IOException, InterruptedException {
        Path server = home.resolve("keycloak-" + version);
        if (Files.isExecutable(server.resolve("bin/kc.sh"))) {
            return server;
        }
        Path archive = distribution();
        Files.createDirectories(home);
        progress.println("Unpacking " + archive.getFileName() + " into " + home);
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", home.toString()).inheritIO().start();
        if (tar.waitFor() != 0 || !Files.isExecutable(server.resolve("bin/kc.sh"))) {
            throw new IOException("could not unpack " + archive + " (tar exit " + tar.exitValue() + ")");
        }
        return server;
    }

    /**
     * The distribution archive in the local Maven repository, downloaded from Maven Central (or the
     * mirror in DIVE_MAVEN_REPOSITORY) if missing, and checked against the published checksum.
     */
    Path distribution() throws IOException, InterruptedException {
        String rel = "org/keycloak/keycloak-quarkus-dist/" + version + "/keycloak-quarkus-dist-" + version + ".tar.gz";
        String mirror = env.apply("DIVE_MAVEN_REPOSITORY");
        return new CheckedDownload(mirror == null || mirror.isBlank() ? CENTRAL : mirror,
                Path.of(System.getProperty("user.home"), ".m2", "repository"), progress).fetch(rel);
    }

    /** A JDK 21+: DIVE_KEYCLOAK_JAVA_HOME, JAVA_HOME, this JVM, or the newest under /usr/lib/jvm. */
    public static Optional<Path> findJdk(java.util.function.Function<String, String> environment) {
        List<Path> candidates = new ArrayList<>();
        for (String env : List.of("DIVE_KEYCLOAK_JAVA_HOME", "JAVA_HOME")) {
            String v = environment.apply(env);
            if (v != null && !v.isBlank()) {
                candidates.add(Path.of(v));
            }
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            jvms.sorted(Comparator.comparing(KeycloakSandbox::majorVersion).reversed()).forEach(candidates::add);
        } catch (IOException e) {
            // no system JVM folder
        }
        return candidates.stream().filter(p -> Files.isExecutable(p.resolve("bin/java")) && majorVersion(p) >= 21).findFirst();
    }

    static int majorVersion(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(line.indexOf('"') + 1).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
