package io.dive.provider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Real Docker engines for the tests: the machine's (unix:///var/run/docker.sock) and a second one on
 * its own socket and data root, both started here if they are not running (as .ci/run does), and the
 * test image {@value #IMAGE}, imported from Debian's busybox-static because no registry is reachable.
 * If an engine cannot start, the tests fail with the reason.
 */
public final class DockerTestEngines {

    static final String IMAGE = "dive-test/busybox:1";
    public static final String A = "unix:///var/run/docker.sock";
    static final String B = "unix:///var/run/dive-test-docker-b.sock";

    private DockerTestEngines() {
    }

    /** A third engine that only speaks TCP with mutual TLS; its client certificates are in {@link #tlsCerts()}. */
    static final int TLS_PORT = 23760;
    private static Path certs;

    static synchronized Path tlsCerts() {
        if (certs == null) {
            try {
                certs = Files.createTempDirectory("dive-docker-tls");
                String dir = certs.toString();
                sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + dir + "/ca-key.pem -out " + dir + "/ca.pem -days 2 -subj /CN=dive-test-ca",
                        "openssl req -newkey rsa:2048 -nodes -keyout " + dir + "/server-key.pem -out " + dir + "/server.csr -subj /CN=127.0.0.1",
                        "printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > " + dir + "/server.ext",
                        "openssl x509 -req -in " + dir + "/server.csr -CA " + dir + "/ca.pem -CAkey " + dir + "/ca-key.pem -CAcreateserial -out "
                                + dir + "/server-cert.pem -days 2 -extfile " + dir + "/server.ext",
                        "openssl req -newkey rsa:2048 -nodes -keyout " + dir + "/key.pem -out " + dir + "/client.csr -subj /CN=dive",
                        "printf 'extendedKeyUsage=clientAuth\n' > " + dir + "/client.ext",
                        "openssl x509 -req -in " + dir + "/client.csr -CA " + dir + "/ca.pem -CAkey " + dir + "/ca-key.pem -CAcreateserial -out "
                                + dir + "/cert.pem -days 2 -extfile " + dir + "/client.ext");
            } catch (IOException e) {
                throw new IllegalStateException("cannot make test certificates: " + e.getMessage(), e);
            }
        }
        return certs;
    }

    private static void sh(String... commands) {
        for (String c : commands) {
            try {
                Process p = new ProcessBuilder("sh", "-c", c).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(c + " failed: " + out.strip());
                }
            } catch (IOException e) {
                throw new IllegalStateException(c + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The TLS engine, started here if needed, with the test image; returns its tcp:// host. */
    static synchronized String tlsEngine() {
        Path dir = tlsCerts();
        String host = "tcp://127.0.0.1:" + TLS_PORT;
        Path marker = Path.of("/var/run/dive-test-docker-tls.pid");
        Path sock = Path.of("/var/run/dive-test-docker-tls.sock");
        if (!answers("unix://" + sock)) {
            clearStale(sock, marker);
            start(List.of("--host", host, "--host", "unix://" + sock, "--tlsverify", "--tlscacert", dir + "/ca.pem", "--tlscert", dir + "/server-cert.pem",
                    "--tlskey", dir + "/server-key.pem", "--data-root", "/var/lib/dive-test-docker-tls", "--exec-root", "/var/run/dive-test-docker-tls",
                    "--pidfile", marker.toString()), sock);
        }
        // Import the test image through the engine's own unix socket (the CLI needs no certificates there).
        ensureImage(client("unix://" + sock), "unix://" + sock);
        return host;
    }

    public static synchronized DockerClient engine(String host) {
        Path socket = Path.of(host.substring("unix://".length()));
        if (!answers(host)) {
            clearStale(socket, host.equals(A) ? Path.of("/var/run/docker.pid") : Path.of("/var/run/dive-test-docker-b.pid"));
            start(host.equals(A) ? List.of() : List.of("--host", host, "--data-root", "/var/lib/dive-test-docker-b",
                    "--exec-root", "/var/run/dive-test-docker-b", "--pidfile", "/var/run/dive-test-docker-b.pid"), socket);
        }
        DockerClient c = client(host);
        c.pingCmd().exec();
        ensureImage(c, host);
        return c;
    }

    /**
     * Stops engine B's dockerd (SIGTERM, as systemctl restart does: its containers stop) and starts it
     * again: for tests of an engine restarted under an apply.
     */
    public static synchronized void restartB() throws InterruptedException {
        Path pidfile = Path.of("/var/run/dive-test-docker-b.pid");
        java.util.Optional<ProcessHandle> daemon;
        try {
            daemon = ProcessHandle.of(Long.parseLong(Files.readString(pidfile).trim()));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("engine B is not running: " + e.getMessage(), e);
        }
        daemon.ifPresent(ProcessHandle::destroy);
        long deadline = System.currentTimeMillis() + 60_000;
        while (daemon.isPresent() && daemon.get().isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        engine(B);
    }

    /** Whether an engine answers on this host; a socket file alone may be left over from a daemon that was killed. */
    private static boolean answers(String host) {
        if (!Files.exists(Path.of(host.substring("unix://".length())))) {
            return false;
        }
        try (DockerClient c = client(host)) {
            c.pingCmd().exec();
            return true;
        } catch (RuntimeException | IOException e) {
            return false;
        }
    }

    /** Removes the socket and pidfile of a daemon that is gone, so a new one can start in its place. */
    private static void clearStale(Path socket, Path pidfile) {
        try {
            if (Files.exists(pidfile)) {
                boolean alive = ProcessHandle.of(Long.parseLong(Files.readString(pidfile).trim()))
                        .filter(h -> h.isAlive() && h.info().command().orElse("").endsWith("dockerd")).isPresent();
                if (alive) {
                    throw new IllegalStateException("dockerd (pid in " + pidfile + ") runs but does not answer on " + socket);
                }
                Files.delete(pidfile);
            }
            Files.deleteIfExists(socket);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot clear the stale engine at " + socket + ": " + e.getMessage(), e);
        }
    }

    static DockerClient client(String host) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        return DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(10)).responseTimeout(Duration.ofMinutes(2)).build());
    }

    /** Stops a daemon by the pidfile it wrote (setsid may fork, so the started process is not always the daemon). */
    private static void stopByPidfile(Path pidfile) {
        try {
            if (Files.exists(pidfile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidfile).trim())).ifPresent(ProcessHandle::destroy);
            }
        } catch (IOException | NumberFormatException e) {
            // best effort: the daemon may already be gone
        }
    }

    private static void start(List<String> extra, Path socket) {
        if (!new File("/usr/sbin/dockerd").canExecute()) {
            throw new IllegalStateException("no Docker engine at " + socket + " and no dockerd to start (apt-get install -y docker.io)");
        }
        List<String> cmd = new java.util.ArrayList<>(List.of("setsid", "/usr/sbin/dockerd", "--iptables=false", "--ip6tables=false",
                "--bridge=none", "--storage-driver=vfs"));
        cmd.addAll(extra);
        try {
            Process daemon = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(new File("/tmp/dive-test-dockerd-" + socket.getFileName() + ".log"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            // What the tests started, they stop.
            int pidAt = extra.indexOf("--pidfile");
            Path pidfile = pidAt >= 0 ? Path.of(extra.get(pidAt + 1)) : Path.of("/var/run/docker.pid");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopByPidfile(pidfile);
                daemon.descendants().forEach(ProcessHandle::destroy);
                daemon.destroy();
            }));
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(socket)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("dockerd did not open " + socket + " within 60s; see /tmp/dive-test-dockerd-*.log");
                }
                Thread.sleep(200);
            }
            Thread.sleep(500);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start dockerd: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A one-binary busybox rootfs as a tar; with {@code marker}, a file of that content makes its layer unique. */
    private static Path busyboxTar(String marker) throws IOException, InterruptedException {
        // A temporary directory is 0700: as an image's root it would keep every user but root out of /bin.
        Path root = Files.createTempDirectory("busybox-rootfs",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("tmp"));
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "sleep", "touch", "test", "cat", "echo", "true", "false", "env", "ls")) {
            Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
        }
        if (marker != null) {
            Files.writeString(root.resolve("marker"), marker);
        }
        Path tar = root.resolveSibling(root.getFileName() + ".tar");
        Process p = new ProcessBuilder("tar", "-C", root.toString(), "-cf", tar.toString(), ".").inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("tar failed");
        }
        return tar;
    }

    /** A registry on loopback (Debian's docker-registry, the CNCF distribution server), started here if needed. */
    public static final String REGISTRY = "127.0.0.1:25000";

    public static synchronized String registry() {
        if (!registryAnswers()) {
            if (!new File("/usr/bin/docker-registry").canExecute()) {
                throw new IllegalStateException("no registry at " + REGISTRY + " and no docker-registry to start (apt-get install -y docker-registry)");
            }
            try {
                Path dir = Files.createTempDirectory("dive-test-registry");
                Path config = dir.resolve("config.yml");
                Files.writeString(config, "version: 0.1\nlog: {level: warn}\nstorage: {filesystem: {rootdirectory: " + dir.resolve("data")
                        + "}}\nhttp: {addr: \"" + REGISTRY + "\"}\n");
                Process registry = new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("registry.log").toFile()).start();
                Runtime.getRuntime().addShutdownHook(new Thread(registry::destroy));
                long deadline = System.currentTimeMillis() + 30_000;
                while (!registryAnswers()) {
                    if (System.currentTimeMillis() > deadline || !registry.isAlive()) {
                        throw new IllegalStateException("docker-registry did not answer on " + REGISTRY + "; see " + dir.resolve("registry.log"));
                    }
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot start docker-registry: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return REGISTRY;
    }

    private static boolean registryAnswers() {
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + REGISTRY + "/v2/"))
                    .timeout(Duration.ofSeconds(2)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * An image that is in the test registry and not on the engine: a busybox rootfs with a layer of its
     * own (so nothing of it is on the engine), imported, pushed, then removed locally.
     */
    static String imageOnlyInRegistry(String host) {
        String image = registry() + "/dive-test/pulled:" + Long.toHexString(System.nanoTime());
        try {
            Path tar = busyboxTar(image);
            sh("docker -H " + host + " import " + tar + " " + image, "docker -H " + host + " push " + image, "docker -H " + host + " rmi " + image);
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the image to pull: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return image;
    }

    /** Engines that got a fresh test image in this JVM. */
    private static final java.util.Set<String> FRESH = new java.util.HashSet<>();

    /**
     * Imports a one-binary busybox rootfs as the test image, afresh once per engine and test run: an
     * image cached by an earlier run (made by older code) must never decide whether a test passes.
     */
    private static void ensureImage(DockerClient c, String host) {
        if (!FRESH.add(host)) {
            return;
        }
        try {
            c.removeImageCmd(IMAGE).withForce(true).exec();
        } catch (NotFoundException missing) {
            // nothing cached
        }
        try {
            Path tar = busyboxTar(null);
            // docker-java's streamed import is cut short by this engine ("unexpected EOF"); the CLI is reliable.
            Process imp = new ProcessBuilder("docker", "-H", host, "import", tar.toString(), IMAGE).redirectErrorStream(true).start();
            String out = new String(imp.getInputStream().readAllBytes());
            if (imp.waitFor() != 0) {
                throw new IllegalStateException("docker import failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the test image (is busybox-static installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
