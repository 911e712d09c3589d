package io.dive.core.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock on a file that holds across processes and across threads of this one: an operating-system
 * lock on a private lock file (which another process running dive respects), taken under a lock of
 * this JVM for the same path (the operating system's lock is per process, and a second lock of the same
 * file in one JVM would throw instead of waiting). For a read-modify-write of a small shared file, such
 * as the local secrets file that two applies may change at once.
 */
public final class FileLocks {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    /** What runs under the lock. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} while holding the lock of {@code lockFile} (made 0600 when missing); waits for another holder. */
    public static <T> T locked(Path lockFile, Work<T> work) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = PrivateFiles.openOrCreate(key); FileLock ignored = ch.lock()) {
            return work.run();
        } finally {
            local.unlock();
        }
    }
}
