package io.dive.core.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.DiveException;
import io.dive.spi.state.FederationFacts;
import io.dive.spi.state.RunRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a local state keeps beside its file ({@code STATE.history}, mode 0600): the last
 * {@value #RUNS} runs of apply, destroy and drift, each link's last verify, and the last heartbeat of
 * drift and verify. The same facts a PostgreSQL state keeps in its tables, so that {@code dive status}
 * and {@code dive state history} answer on one machine too. Drift and verify take no state lock, so
 * every change is a read-modify-write under a lock of its own ({@code STATE.history.lock}).
 */
final class LocalRunLog {

    static final int RUNS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One writer per JVM at a time: a second FileLock on the same file from this process would throw. */
    private static final Object HERE = new Object();
    private final Path file;
    private final Path lockFile;

    LocalRunLog(Path stateFile) {
        this.file = Path.of(stateFile + ".history");
        this.lockFile = Path.of(stateFile + ".history.lock");
    }

    void recordRun(RunRecord run) {
        change(doc -> {
            ArrayNode runs = doc.withArray("runs");
            runs.insert(0, RunRecordJson.encode(run));
            while (runs.size() > RUNS) {
                runs.remove(runs.size() - 1);
            }
        });
    }

    void recordLinkStatus(String link, boolean ok, String detail) {
        change(doc -> doc.with("links").putObject(link).put("ok", ok).put("detail", detail).put("verified_at", Instant.now().toString()));
    }

    void recordHeartbeat(String kind, boolean ok, String detail) {
        change(doc -> doc.with("heartbeats").putObject(kind).put("ok", ok).put("detail", detail).put("at", Instant.now().toString()));
    }

    List<RunRecord> runs(int limit, boolean withOutcomes) {
        List<RunRecord> out = new ArrayList<>();
        for (JsonNode r : read().path("runs")) {
            if (out.size() >= limit) {
                break;
            }
            out.add(RunRecordJson.decode(r, withOutcomes));
        }
        return out;
    }

    Map<String, FederationFacts.LinkStatus> links() {
        Map<String, FederationFacts.LinkStatus> out = new LinkedHashMap<>();
        read().path("links").fields().forEachRemaining(e -> out.put(e.getKey(), new FederationFacts.LinkStatus(e.getKey(),
                e.getValue().path("ok").asBoolean(), e.getValue().path("detail").isTextual() ? e.getValue().get("detail").asText() : null,
                Instant.parse(e.getValue().path("verified_at").asText()))));
        return out;
    }

    private ObjectNode read() {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            return n instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (IOException e) {
            // A damaged log loses history, never a run: the next record starts it afresh.
            return JSON.createObjectNode();
        }
    }

    private void change(Consumer<ObjectNode> edit) {
        synchronized (HERE) {
            try (FileChannel ch = io.dive.core.files.PrivateFiles.openOrCreate(lockFile); FileLock held = ch.lock()) {
                ObjectNode doc = read();
                edit.accept(doc);
                io.dive.core.files.PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc), true);
            } catch (IOException e) {
                throw new DiveException(file + ": cannot record: " + e.getMessage());
            }
        }
    }
}
