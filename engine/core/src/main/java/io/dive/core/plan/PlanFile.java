package io.dive.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.DiveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A saved plan ({@code dive plan --out}): what was planned, against which manifest, state serial and
 * observed objects. {@code dive apply PLANFILE} re-observes and refuses when any of them moved.
 * It holds fingerprints of secrets, never their values.
 */
public final class PlanFile {

    public static final String FORMAT = "dive-plan/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a saved plan promises.
     *
     * @param manifest the manifest, resolved against the working directory when it was saved relative to it
     */
    public record Saved(Path manifest, String manifestHash, String lineage, long serial, Map<String, String> observed,
                        List<String> targets, List<String> replace, List<String> allowDestroy, List<String> actions, List<String> exclude) {
    }

    private PlanFile() {
    }

    public static void write(Path out, Path manifest, Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        // Relative to the working directory when it lies below it: a CI job that saved the plan in one
        // checkout applies it from the root of another.
        root.put("manifest", portable(manifest));
        root.put("topology", plan.topology());
        root.put("manifest_hash", plan.manifestHash());
        root.put("state_lineage", plan.stateLineage());
        root.put("state_serial", plan.stateSerial());
        plan.targets().forEach(root.putArray("targets")::add);
        plan.replace().forEach(root.putArray("replace")::add);
        plan.allowDestroy().forEach(root.putArray("allow_destroy")::add);
        plan.exclude().forEach(root.putArray("exclude")::add);
        ObjectNode observed = root.putObject("observed");
        plan.observed().forEach(observed::put);
        root.setAll(PlanJson.render(plan));
        try {
            // A plan holds observed values (fingerprints, not secrets) and the manifest's names: its owner's only.
            io.dive.core.files.PrivateFiles.write(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root), true);
        } catch (IOException e) {
            throw new DiveException(out + ": cannot write plan: " + e.getMessage());
        }
    }

    static String portable(Path manifest) {
        Path abs = manifest.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /** What {@code dive show} prints of a saved plan: the contract's JSON form, and its topology. */
    public record Shown(String topology, JsonNode plan) {
    }

    public static Shown show(Path file) {
        if (!isPlanFile(file)) {
            throw new DiveException(file + ": not a plan saved by dive plan --out (format " + FORMAT + ")");
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            ObjectNode plan = PlanJson.document(root.path("topology").asText());
            plan.set("summary", root.path("summary"));
            plan.set("changes", root.path("changes"));
            return new Shown(root.path("topology").asText(), plan);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** True when the file looks like a saved plan rather than a manifest. */
    public static boolean isPlanFile(Path file) {
        try {
            byte[] head = Files.readAllBytes(file);
            String text = new String(head, 0, Math.min(head.length, 200), java.nio.charset.StandardCharsets.UTF_8);
            return text.trim().startsWith("{") && text.contains("\"format\"") && text.contains(FORMAT);
        } catch (IOException e) {
            return false;
        }
    }

    public static Saved read(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (!FORMAT.equals(root.path("format").asText())) {
                throw new DiveException(file + ": not a dive plan file (format " + FORMAT + ")");
            }
            Map<String, String> observed = new TreeMap<>();
            root.path("observed").fields().forEachRemaining(e -> observed.put(e.getKey(), e.getValue().asText()));
            List<String> targets = new ArrayList<>();
            root.path("targets").forEach(t -> targets.add(t.asText()));
            List<String> replace = new ArrayList<>();
            root.path("replace").forEach(t -> replace.add(t.asText()));
            List<String> allowDestroy = new ArrayList<>();
            root.path("allow_destroy").forEach(t -> allowDestroy.add(t.asText()));
            List<String> exclude = new ArrayList<>();
            root.path("exclude").forEach(t -> exclude.add(t.asText()));
            Path manifest;
            try {
                manifest = Path.of(root.path("manifest").asText()).toAbsolutePath().normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new DiveException(file + ": manifest: not a path");
            }
            return new Saved(manifest, root.path("manifest_hash").asText(),
                    root.path("state_lineage").asText(), root.path("state_serial").asLong(), observed, targets, replace, allowDestroy,
                    actions(root.path("changes")), exclude);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Where and why, never the parser's words: they quote the text it choked on. */
    private static DiveException unreadable(Path file, IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
            return new DiveException(file + ":" + j.getLocation().getLineNr() + ":" + j.getLocation().getColumnNr()
                    + ": cannot read plan: not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
        return new DiveException(file + ": cannot read plan (" + e.getClass().getSimpleName() + ")");
    }

    /** The planned changes as {@code action address} lines: two plans agree when these agree. */
    public static List<String> actions(Plan plan) {
        return actions(PlanJson.render(plan).path("changes"));
    }

    private static List<String> actions(JsonNode changes) {
        List<String> out = new ArrayList<>();
        changes.forEach(c -> out.add(c.path("action").asText() + " " + c.path("address").asText()));
        out.sort(null);
        return out;
    }

    /** Why a saved plan can no longer be applied, or null when it still holds. */
    public static String staleness(Saved saved, Plan fresh) {
        if (!saved.lineage().equals(fresh.stateLineage()) || saved.serial() != fresh.stateSerial()) {
            return "state changed since the plan was made (serial " + saved.serial() + " -> " + fresh.stateSerial() + ")";
        }
        if (!saved.manifestHash().equals(fresh.manifestHash())) {
            return "the manifest changed since the plan was made";
        }
        for (var e : fresh.observed().entrySet()) {
            String before = saved.observed().get(e.getKey());
            if (!e.getValue().equals(before)) {
                return e.getKey() + " changed on its server since the plan was made";
            }
        }
        if (!saved.actions().equals(actions(fresh))) {
            return "the planned changes differ now";
        }
        return null;
    }
}
