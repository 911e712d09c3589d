package io.dive.provider.keycloak.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's Keycloak download is checked against the checksum the repository publishes: a mirror
 * that serves another archive is refused and nothing of it stays on disk. The repository is a local
 * HTTP listener laid out like Maven Central.
 */
class CheckedDownloadTest {

    static final String REL = "org/keycloak/keycloak-quarkus-dist/0.0.1/keycloak-quarkus-dist-0.0.1.tar.gz";

    @TempDir
    Path dir;
    HttpServer repo;
    final Map<String, byte[]> files = new HashMap<>();
    final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void serve() throws IOException {
        repo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        repo.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath().substring(1));
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        repo.start();
    }

    @AfterEach
    void stop() {
        repo.stop(0);
    }

    private CheckedDownload download() {
        return new CheckedDownload("http://127.0.0.1:" + repo.getAddress().getPort() + "/", dir.resolve("m2"),
                new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    @Test
    void anArchiveMatchingItsPublishedChecksumIsKept() throws Exception {
        byte[] archive = "the real distribution".getBytes(StandardCharsets.UTF_8);
        files.put(REL, archive);
        files.put(REL + ".sha1", (sha1Of(archive) + "  keycloak-quarkus-dist-0.0.1.tar.gz\n").getBytes(StandardCharsets.UTF_8));
        Path got = download().fetch(REL);
        assertArrayEquals(archive, Files.readAllBytes(got));
        assertEquals(sha1Of(archive), Files.readString(got.resolveSibling(got.getFileName() + ".sha1")));
        // Cached: checked again, not downloaded again.
        files.clear();
        assertEquals(got, download().fetch(REL));
    }

    @Test
    void aSubstitutedArchiveIsRefusedAndNothingStays() throws Exception {
        files.put(REL, "a substituted archive".getBytes(StandardCharsets.UTF_8));
        files.put(REL + ".sha1", sha1Of("the real distribution".getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> download().fetch(REL));
        assertTrue(e.getMessage().contains("is not the published " + sha1Of("the real distribution".getBytes(StandardCharsets.UTF_8))),
                e.getMessage());
        try (var left = Files.walk(dir.resolve("m2"))) {
            assertFalse(left.anyMatch(Files::isRegularFile), "something of the refused download stayed");
        }
    }

    @Test
    void noPublishedChecksumNoDownload() {
        files.put(REL, "unchecked".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> download().fetch(REL));
        assertTrue(e.getMessage().endsWith(".sha1: 404 (dive runs no download it cannot check)"), e.getMessage());
    }

    @Test
    void aCachedArchiveThatNoLongerMatchesIsRefused() throws Exception {
        Path local = Files.createDirectories(dir.resolve("m2").resolve(REL).getParent()).resolve("keycloak-quarkus-dist-0.0.1.tar.gz");
        Files.writeString(local, "tampered");
        Files.writeString(local.resolveSibling(local.getFileName() + ".sha1"), sha1Of("original".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> download().fetch(REL));
    }

    /** What Maven Central publishes beside a file: its SHA-1 in hex (computed here, apart from the code under test). */
    static String sha1Of(byte[] content) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(content));
    }
}
