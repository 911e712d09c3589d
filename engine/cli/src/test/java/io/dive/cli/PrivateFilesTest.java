package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.files.PrivateFiles;
import io.dive.core.secrets.Fingerprints;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State, plans, the secrets file, the fingerprint key and {@code .dive/} are their owner's only from the
 * first byte, a symbolic link planted at their name is never written through, and two first runs make
 * one fingerprint key, not two.
 */
class PrivateFilesTest {

    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void whatARunWritesIsPrivate() throws Exception {
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, """
                name: private-files
                providers:
                  memory: {store: server.json}
                resources:
                  - type: group
                    name: g
                    attributes: {secret: "${secret:generate:g}"}
                """);
        DiveRunner dive = new DiveRunner(dir);
        dive.env.remove("DIVE_FINGERPRINT_KEY");
        DiveRunner.Result plan = dive.run("plan", "--out", dir.resolve("saved.plan").toString(), manifest.toString());
        assertEquals(0, plan.code(), plan::toString);
        DiveRunner.Result apply = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals(0, apply.code(), apply::toString);
        assertEquals("rwx------", mode(dir.resolve(".dive")));
        for (String f : List.of(".dive/state.json", ".dive/secrets.json", ".dive/fingerprint.key", "saved.plan")) {
            assertEquals("rw-------", mode(dir.resolve(f)), f);
        }
        try (var leftovers = Files.list(dir.resolve(".dive"))) {
            assertFalse(leftovers.anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "a temporary file was left behind");
        }
    }

    @Test
    void aLinkAtTheStatePathIsReplacedNotWrittenThrough() throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, """
                name: linked-state
                providers:
                  memory: {store: server.json}
                resources:
                  - type: group
                    name: g
                    attributes: {members: [a]}
                """);
        Files.createDirectories(dir.resolve(".dive"));
        Files.createSymbolicLink(dir.resolve(".dive/state.json"), victim);
        Files.createSymbolicLink(dir.resolve(".dive/state.json.lock"), victim);
        DiveRunner dive = new DiveRunner(dir);
        DiveRunner.Result apply = dive.run("apply", "--auto-approve", manifest.toString());
        assertEquals("keep me", Files.readString(victim), "dive wrote through a symbolic link");
        assertEquals(1, apply.code(), apply::toString);
        assertTrue(apply.err().contains("lock"), apply::toString);
    }

    @Test
    void aPrivateFolderIsNeverALink() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve(".dive"), elsewhere);
        assertThrows(java.io.IOException.class, () -> PrivateFiles.write(dir.resolve(".dive/secrets.json"), new byte[] {1}, true));
        try (var inside = Files.list(elsewhere)) {
            assertEquals(0, inside.count());
        }
    }

    @Test
    void aFileThatMustNotBeReplacedIsKept() throws Exception {
        Path key = dir.resolve("k");
        PrivateFiles.write(key, "first".getBytes(), false);
        assertThrows(FileAlreadyExistsException.class, () -> PrivateFiles.write(key, "second".getBytes(), false));
        assertEquals("first", Files.readString(key));
    }

    @Test
    void twoFirstRunsMakeOneFingerprintKey() throws Exception {
        for (int trial = 0; trial < 20; trial++) {
            Path base = Files.createDirectory(dir.resolve("trial-" + trial));
            int runs = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(runs);
            try {
                List<Future<String>> prints = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    // Each run has its own Fingerprints, as two processes would.
                    prints.add(pool.submit(() -> {
                        start.await();
                        return Fingerprints.forTopology(name -> null, base).of("the same value");
                    }));
                }
                start.countDown();
                Set<String> distinct = new HashSet<>();
                for (Future<String> f : prints) {
                    distinct.add(f.get());
                }
                assertEquals(1, distinct.size(), "runs that started together fingerprint alike");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
