package io.dive.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The "server" behind the in-memory provider: a map of objects keyed by address. It lives either in
 * this JVM (named, for fast unit tests and benchmarks) or in a JSON file, so that it outlives a
 * process killed mid-apply exactly as a real server would. Tests change it "out of band" through
 * this class, the way an operator would through a server's own API. It counts writes.
 */
public final class MemoryServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, MemoryServer> NAMED = new ConcurrentHashMap<>();

    private final Path file;
    private final Map<String, ObjectNode> objects = new TreeMap<>();
    private long writes;
    /** What happened, in order: "PUT address", "DELETE address", "READY address" (tests read it). */
    private final java.util.List<String> log = new java.util.ArrayList<>();

    private MemoryServer(Path file) {
        this.file = file;
    }

    /** {@code mem:NAME} is a server in this JVM; anything else is a file path. */
    public static MemoryServer at(String location) {
        if (location.startsWith("mem:")) {
            return NAMED.computeIfAbsent(location.substring(4), k -> new MemoryServer(null));
        }
        return new MemoryServer(Path.of(location).toAbsolutePath());
    }

    public static void forgetAll() {
        NAMED.clear();
    }

    public ObjectNode get(String address) {
        return transact(m -> {
            ObjectNode o = m.get(address);
            return o == null ? null : o.deepCopy();
        }, false);
    }

    /** Everything, in one call: what the provider's bulk observation uses. */
    public Map<String, ObjectNode> list() {
        return transact(m -> {
            Map<String, ObjectNode> copy = new TreeMap<>();
            m.forEach((k, v) -> copy.put(k, v.deepCopy()));
            return copy;
        }, false);
    }

    public void put(String address, ObjectNode attributes) {
        transact(m -> {
            m.put(address, attributes.deepCopy());
            writes++;
            log.add("PUT " + address);
            return null;
        }, true);
    }

    public boolean remove(String address) {
        return transact(m -> {
            writes++;
            log.add("DELETE " + address);
            return m.remove(address) != null;
        }, true);
    }

    /** Writes sent by the provider (and by tests' out-of-band changes). */
    public long writes() {
        return transact(m -> writes, false);
    }

    /** Records an event that is not a write (the provider's readiness), for ordering checks. */
    public void note(String event) {
        transact(m -> log.add(event), true);
    }

    public java.util.List<String> log() {
        return transact(m -> java.util.List.copyOf(log), false);
    }

    public int size() {
        return transact(Map::size, false);
    }

    /** Writes in flight per server location in this JVM, and the most seen at once (the walk's parallelism). */
    private static final Map<String, int[]> IN_FLIGHT = new ConcurrentHashMap<>();

    private String key() {
        return file == null ? "mem:" + System.identityHashCode(this) : file.toString();
    }

    /** Marks a write as started; {@link #leave()} when it ends. */
    public void enter() {
        int[] c = IN_FLIGHT.computeIfAbsent(key(), k -> new int[2]);
        synchronized (c) {
            c[0]++;
            c[1] = Math.max(c[1], c[0]);
        }
    }

    public void leave() {
        int[] c = IN_FLIGHT.computeIfAbsent(key(), k -> new int[2]);
        synchronized (c) {
            c[0]--;
        }
    }

    /** The most writes this server had in flight at once, in this JVM. */
    public int mostAtOnce() {
        int[] c = IN_FLIGHT.computeIfAbsent(key(), k -> new int[2]);
        synchronized (c) {
            return c[1];
        }
    }

    /** One monitor per file for this JVM: OS locks are per process, so threads must take turns first. */
    private static final Map<Path, Object> FILE_MONITORS = new ConcurrentHashMap<>();

    private <T> T transact(Function<Map<String, ObjectNode>, T> work, boolean mutates) {
        Object monitor = file == null ? this : FILE_MONITORS.computeIfAbsent(file, k -> new Object());
        synchronized (monitor) {
            return file == null ? work.apply(objects) : transactOnFile(work, mutates);
        }
    }

    private <T> T transactOnFile(Function<Map<String, ObjectNode>, T> work, boolean mutates) {
        // Serialize across processes with an OS lock on a side file; load, work, save atomically.
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(Path.of(file + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                load();
                T result = work.apply(objects);
                if (mutates) {
                    save();
                }
                return result;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void load() throws IOException {
        objects.clear();
        log.clear();
        writes = 0;
        if (!Files.exists(file)) {
            return;
        }
        JsonNode root = JSON.readTree(file.toFile());
        writes = root.path("writes").asLong();
        log.clear();
        root.path("log").forEach(e -> log.add(e.asText()));
        root.path("objects").fields().forEachRemaining(e -> objects.put(e.getKey(), (ObjectNode) e.getValue()));
    }

    private void save() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("writes", writes);
        log.forEach(root.putArray("log")::add);
        ObjectNode objs = root.putObject("objects");
        objects.forEach(objs::set);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(root));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
