package io.dive.provider.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.spi.FileRoots;
import io.dive.spi.ProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a container's config hash reads of its bind mounts: files inside the manifest's folder, never
 * through a link that leads out, never a walk of {@code /}, and a bounded amount.
 */
class MountedFilesTest {

    @TempDir
    Path tmp;

    private String hash(MountedFiles mounts, String source) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        mounts.hashInto(md, source);
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void aFileInsideIsReadSoAnEditRecreates() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("manifest"));
        Files.writeString(base.resolve("realm.json"), "one");
        MountedFiles mounts = new MountedFiles(base, FileRoots.of(base, null));
        String before = hash(mounts, "realm.json");
        Files.writeString(base.resolve("realm.json"), "two");
        assertNotEquals(before, hash(mounts, "realm.json"));
    }

    @Test
    void theRootOfTheFileSystemIsNotWalked() {
        Path base = tmp.resolve("manifest");
        MountedFiles mounts = new MountedFiles(base, FileRoots.of(base, null));
        // Outside the roots: mounted, fingerprinted by its path, not read.
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> hash(mounts, "/"));
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> hash(mounts, "/var/run/docker.sock"));
    }

    @Test
    void aLinkInsideThatLeadsOutIsNotFollowed() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("manifest"));
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "one");
        Files.createDirectories(base.resolve("conf"));
        Files.createSymbolicLink(base.resolve("conf/link"), secret);
        Files.createSymbolicLink(base.resolve("direct"), secret);
        MountedFiles mounts = new MountedFiles(base, FileRoots.of(base, null));
        String folder = hash(mounts, "conf");
        String direct = hash(mounts, "direct");
        Files.writeString(secret, "two");
        assertEquals(folder, hash(mounts, "conf"), "the file behind the link was read");
        assertEquals(direct, hash(mounts, "direct"), "the file behind the link was read");
    }

    @Test
    void aHugeFolderIsRefusedNotReadWhole() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("manifest"));
        Path many = Files.createDirectories(base.resolve("many"));
        for (int i = 0; i <= MountedFiles.MAX_FILES; i++) {
            Files.createFile(many.resolve("f" + i));
        }
        MountedFiles mounts = new MountedFiles(base, FileRoots.of(base, null));
        ProviderException e = assertThrows(ProviderException.class, () -> hash(mounts, "many"));
        assertTrue(e.getMessage().startsWith("bind mount many: more than 10000 files"), e.getMessage());

        Path big = Files.createDirectories(base.resolve("big"));
        byte[] mib = new byte[1024 * 1024];
        for (int i = 0; i <= MountedFiles.MAX_BYTES / mib.length; i++) {
            Files.write(big.resolve("b" + i), mib);
        }
        ProviderException tooBig = assertThrows(ProviderException.class, () -> hash(mounts, "big"));
        assertTrue(tooBig.getMessage().startsWith("bind mount big: more than 64 MiB"), tooBig.getMessage());
    }
}
