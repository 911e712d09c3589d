package io.dive.core.state;

import io.dive.spi.state.State;
import io.dive.spi.state.StateCodec;
import io.dive.spi.state.StateStore;
import io.dive.spi.state.LockHolder;
import io.dive.spi.state.FederationFacts;
import io.dive.spi.state.RunHistory;
import io.dive.spi.state.RunRecord;

import io.dive.spi.DiveException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State in one JSON file, written atomically (temp file, fsync, rename). The lock is an OS lock on a
 * side file, so the kernel frees it when the holder dies (even by kill -9); the side file's content
 * names the holder for the refusal message. Run history and link statuses go beside it
 * ({@link LocalRunLog}).
 */
public final class LocalStateStore implements StateStore, RunHistory, FederationFacts {

    private final Path file;
    private final Path lockFile;
    private final String topology;
    private final LocalRunLog log;

    public LocalStateStore(Path file, String topology) {
        this.file = file.toAbsolutePath();
        this.lockFile = Path.of(this.file + ".lock");
        this.topology = topology;
        this.log = new LocalRunLog(this.file);
    }

    @Override
    public void recordRun(RunRecord run) {
        log.recordRun(run);
    }

    @Override
    public java.util.List<RunRecord> history(int limit) {
        return log.runs(limit, true);
    }

    @Override
    public java.util.List<RunRecord> latest(int limit) {
        return log.runs(limit, false);
    }

    @Override
    public void recordLinkStatus(String link, boolean ok, String detail) {
        log.recordLinkStatus(link, ok, detail);
    }

    @Override
    public void recordHeartbeat(String kind, boolean ok, String detail) {
        log.recordHeartbeat(kind, ok, detail);
    }

    @Override
    public Map<String, LinkStatus> linkStatuses() {
        return log.links();
    }

    /**
     * The holder, without taking the lock: this JVM's own, else whoever holds the OS lock (its side file
     * names them; a holder killed with -9 leaves its name but not the lock, so the lock is tried first).
     */
    @Override
    public java.util.Optional<LockHolder> holder() {
        LockHolder here = HELD_HERE.get(lockFile);
        if (here != null) {
            return java.util.Optional.of(here);
        }
        if (!Files.exists(lockFile)) {
            return java.util.Optional.empty();
        }
        LockHolder probe = LockHolder.current("dive status");
        if (HELD_HERE.putIfAbsent(lockFile, probe) != null) {
            return java.util.Optional.ofNullable(HELD_HERE.get(lockFile));
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock free = tryLock(ch);
            if (free != null) {
                free.release();
                return java.util.Optional.empty();
            }
            LockHolder holder = LockHolder.fromJson(Files.readString(lockFile));
            return java.util.Optional.of(holder != null ? holder : new LockHolder("?", "?", 0, "another process", "?"));
        } catch (IOException e) {
            throw new DiveException(lockFile + ": cannot read the lock holder: " + e.getMessage());
        } finally {
            HELD_HERE.remove(lockFile, probe);
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public State read() {
        if (!Files.exists(file)) {
            return State.empty(topology);
        }
        try {
            return StateCodec.decode(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new DiveException(file + ": cannot read state: " + e.getMessage());
        }
    }

    @Override
    public void drop() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new DiveException(file + ": cannot remove state: " + e.getMessage());
        }
    }

    @Override
    public void write(State state) {
        byte[] bytes = StateCodec.encode(state);
        try {
            // 0600 from the first byte, never through a link; an atomic rename keeps the last good state on a crash.
            io.dive.core.files.PrivateFiles.write(file, bytes, true);
        } catch (IOException e) {
            throw new DiveException(file + ": cannot write state: " + e.getMessage());
        }
    }

    /**
     * Locks held by this JVM, with their holders. POSIX locks belong to the process, and closing any
     * descriptor of the file drops them all: so while this JVM holds a lock, no other thread here may
     * open or close the lock file, and a refused thread learns the holder from here.
     */
    private static final Map<Path, LockHolder> HELD_HERE = new ConcurrentHashMap<>();

    @Override
    public StateLock lock(String command, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        LockHolder me = LockHolder.current(command);
        try {
            while (true) {
                if (HELD_HERE.putIfAbsent(lockFile, me) == null) {
                    FileChannel ch = io.dive.core.files.PrivateFiles.openOrCreate(lockFile);
                    FileLock lock = tryLock(ch);
                    if (lock != null) {
                        ch.truncate(0);
                        ch.write(ByteBuffer.wrap(me.toJson().getBytes(StandardCharsets.UTF_8)), 0);
                        ch.force(true);
                        return () -> release(ch, lock);
                    }
                    ch.close(); // we held nothing on it, so closing drops nothing
                    HELD_HERE.remove(lockFile, me);
                }
                if (!Instant.now().isBefore(deadline)) {
                    LockHolder holder = HELD_HERE.get(lockFile);
                    if (holder == null) {
                        holder = LockHolder.fromJson(Files.readString(lockFile));
                    }
                    throw new DiveException("state " + file + " is locked by "
                            + (holder == null ? "another process" : holder.describe())
                            + "; waited " + timeout.toSeconds() + "s (use --lock-timeout to wait longer)");
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new DiveException(lockFile + ": cannot lock state: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiveException(lockFile + ": interrupted while waiting for the state lock");
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this same process (another apply in the same JVM)
        }
    }

    private void release(FileChannel ch, FileLock lock) {
        try {
            ch.truncate(0);
            lock.release();
            ch.close();
        } catch (IOException e) {
            // The kernel drops the lock when the channel closes or the process ends.
        } finally {
            HELD_HERE.remove(lockFile);
        }
    }
}
