package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.dive.spi.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A container's desired attributes:
 * <pre>
 * image, command [..], entrypoint [..], env {K: V}, labels {K: V}, user, endpoint,
 * networks {NETWORK: {aliases: [..]}}, mounts [{type: volume|bind, source, target, read_only}],
 * ports ["8080:80"], restart (no|always|unless-stopped|on-failure), memory ("512m"), cpus (1.5),
 * healthcheck {test: [..], interval, timeout, retries, start_period}, ready_timeout ("120s"),
 * memory_reservation ("256m"), cap_add [..], ulimits {NAME: N | {soft, hard}}, extra_hosts ["HOST:ADDR"], init (bool),
 * stop_grace_period ("30s")  (ContainerFields: every other key is an error)
 * </pre>
 * What inspect shows reliably (image, command, entrypoint, env, labels, networks, memory, cpus,
 * restart, user, running state) is compared directly; everything else, plus the content of bind-mounted files (which Compose does not
 * notice), goes into the {@code dive.config-hash} label. Secrets belong in env: env values are left out
 * of the hash and compared one by one (the engine compares secrets by fingerprint), so a rotated secret
 * replaces exactly the containers that use it.
 */
final class ContainerSpec {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Compared with what inspect shows. */
    static final List<String> OBSERVED = List.of("image", "command", "entrypoint", "env", "labels", "networks");

    private ContainerSpec() {
    }

    /** The comparable shape: the observed fields, running, and the hash of the rest. */
    static ObjectNode normalize(JsonNode desired, MountedFiles mounts) {
        ObjectNode out = JSON.createObjectNode();
        for (String f : OBSERVED) {
            if (desired.has(f)) {
                out.set(f, desired.get(f));
            }
        }
        // Also visible in inspect, so a `docker update` by hand shows as drift of that very attribute.
        if (desired.has("memory")) {
            out.put("memory", bytes(desired.get("memory").asText()));
        }
        if (desired.has("cpus")) {
            out.put("cpus", desired.get("cpus").asDouble());
        }
        if (desired.has("restart")) {
            out.put("restart", desired.get("restart").asText());
        }
        if (desired.has("user")) {
            out.put("user", desired.get("user").asText());
        }
        out.put("running", true);
        out.put("config_hash", hash(desired, mounts));
        return out;
    }

    /** SHA-256 of everything but env values and ready_timeout, plus the content of bind-mounted files. */
    static String hash(JsonNode desired, MountedFiles mounts) {
        ObjectNode copy = desired.deepCopy();
        copy.remove("ready_timeout");
        if (copy.has("env")) {
            List<String> keys = new ArrayList<>();
            copy.get("env").fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            copy.set("env", JSON.valueToTree(keys));
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(io.dive.spi.CanonicalJson.of(copy).getBytes(StandardCharsets.UTF_8));
            for (JsonNode m : desired.path("mounts")) {
                if ("bind".equals(m.path("type").asText())) {
                    mounts.hashInto(md, m.path("source").asText());
                }
            }
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> env(JsonNode env) {
        List<String> out = new ArrayList<>();
        env.fields().forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
        return out;
    }

    static HostConfig hostConfig(JsonNode d, MountedFiles mounts) {
        HostConfig h = HostConfig.newHostConfig();
        List<Bind> binds = new ArrayList<>();
        for (JsonNode m : d.path("mounts")) {
            String source = m.path("source").asText();
            if ("bind".equals(m.path("type").asText())) {
                source = mounts.source(source);
            }
            binds.add(new Bind(source, new Volume(m.path("target").asText()), m.path("read_only").asBoolean(false) ? AccessMode.ro : AccessMode.rw));
        }
        if (!binds.isEmpty()) {
            h.withBinds(binds);
        }
        List<PortBinding> ports = new ArrayList<>();
        d.path("ports").forEach(p -> ports.add(PortBinding.parse(p.asText())));
        if (!ports.isEmpty()) {
            h.withPortBindings(ports);
        }
        if (d.has("restart")) {
            h.withRestartPolicy(RestartPolicy.parse(d.get("restart").asText()));
        }
        if (d.has("memory")) {
            h.withMemory(bytes(d.get("memory").asText()));
        }
        if (d.has("cpus")) {
            h.withNanoCPUs((long) (d.get("cpus").asDouble() * 1_000_000_000L));
        }
        ContainerFields.apply(d, h);
        return h;
    }

    static HealthCheck healthcheck(JsonNode hc) {
        HealthCheck h = new HealthCheck().withTest(strings(hc.path("test")));
        if (hc.has("interval")) {
            h.withInterval(nanos(hc.get("interval").asText()));
        }
        if (hc.has("timeout")) {
            h.withTimeout(nanos(hc.get("timeout").asText()));
        }
        if (hc.has("start_period")) {
            h.withStartPeriod(nanos(hc.get("start_period").asText()));
        }
        if (hc.has("retries")) {
            h.withRetries(hc.get("retries").asInt());
        }
        return h;
    }

    static long nanos(String d) {
        return Math.multiplyExact(millis(d), 1_000_000L);
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}; exact arithmetic, so a value too large is an error, never a wrapped number. */
    static long millis(String d) {
        String t = d.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Long.parseLong(t.substring(0, t.length() - 2));
        }
        if (t.endsWith("s")) {
            return Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 1)), 1000L);
        }
        if (t.endsWith("m")) {
            return Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 1)), 60_000L);
        }
        return Math.multiplyExact(Long.parseLong(t), 1000L);
    }

    static long bytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : t.endsWith("k") ? 1L << 10 : 1;
        return Math.multiplyExact(Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)), unit);
    }

    /** Checks sizes and durations before anything is contacted: the error names the field, never the value. */
    static void validate(JsonNode desired) {
        ContainerFields.check(desired);
        for (String size : List.of("memory", "memory_reservation")) {
            if (desired.has(size)) {
                check("/" + size, () -> bytes(desired.get(size).asText()), "a size such as 512m or 2g, below 8 exbibytes");
            }
        }
        if (desired.has("stop_grace_period")) {
            check("/stop_grace_period", () -> Math.toIntExact(millis(desired.get("stop_grace_period").asText()) / 1000),
                    "a duration such as 10s or 1m, below 68 years");
        }
        JsonNode hc = desired.path("healthcheck");
        for (String f : List.of("interval", "timeout", "start_period")) {
            if (hc.has(f)) {
                check("/healthcheck/" + f, () -> nanos(hc.get(f).asText()), "a duration such as 500ms, 5s or 2m, below 292 years");
            }
        }
    }

    private static void check(String pointer, java.util.function.LongSupplier parse, String expected) {
        long v;
        try {
            v = parse.getAsLong();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new io.dive.spi.InvalidAttributeException(pointer, "expected " + expected);
        }
        if (v < 0) {
            throw new io.dive.spi.InvalidAttributeException(pointer, "expected " + expected + ", not a negative one");
        }
    }

    /** Env as a map from Docker's KEY=VALUE list. */
    static ObjectNode envMap(String[] env) {
        ObjectNode out = JSON.createObjectNode();
        if (env != null) {
            for (String kv : env) {
                int eq = kv.indexOf('=');
                out.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        return out;
    }

    /** An observed {@code labels} object back as a map. */
    static Map<String, String> stringMap(JsonNode labels) {
        Map<String, String> out = new TreeMap<>();
        labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static ObjectNode labels(Map<String, String> labels) {
        ObjectNode out = JSON.createObjectNode();
        if (labels != null) {
            new TreeMap<>(labels).forEach(out::put);
        }
        return out;
    }
}
