package io.dive.provider.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import io.dive.spi.InvalidAttributeException;
import io.dive.spi.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which settings a container takes, each one applied: a key dive would not apply is an error at its
 * field (with "did you mean"), never dropped. Also the Compose settings DIVE V3's services use beyond the
 * basics ({@code cap_add}, {@code ulimits}, {@code extra_hosts}, {@code init}, {@code stop_grace_period},
 * {@code memory_reservation}); like every setting inspect does not show reliably, they are in the
 * container's config hash, so a change replaces the container.
 */
final class ContainerFields {

    static final Set<String> TOP = Set.of("image", "name", "command", "entrypoint", "env", "labels", "user", "endpoint", "networks", "mounts", "ports",
            "restart", "memory", "memory_reservation", "cpus", "healthcheck", "ready_timeout", "cap_add", "ulimits", "extra_hosts", "init",
            "stop_grace_period");
    static final Set<String> HEALTHCHECK = Set.of("test", "interval", "timeout", "retries", "start_period");
    static final Set<String> MOUNT = Set.of("type", "source", "target", "read_only");
    static final Set<String> NETWORK = Set.of("aliases");
    static final Set<String> ULIMIT = Set.of("soft", "hard");

    /** Compose settings dive decides against, with the reason and what to write instead. */
    static final Map<String, String> REFUSED = Map.of(
            "env_file", "dive reads no env files: give the variables in env (secrets as ${secret:...} references), so each value is reviewed"
                    + " in the manifest and every secret is fingerprinted, never stored",
            "profiles", "a profile chooses services when Compose runs; in dive a service is declared or not (put optional services in a"
                    + " template part that a topology includes)",
            "depends_on", "dependencies are the resource's depends_on (beside attributes), not an attribute",
            "container_name", "the container's name is its address's name, or name");

    private ContainerFields() {
    }

    /** Checks every key and the shape of the new settings; the error names the field, never a value. */
    static void check(JsonNode d) {
        d.fieldNames().forEachRemaining(f -> {
            if (REFUSED.containsKey(f)) {
                throw new InvalidAttributeException("/" + f, REFUSED.get(f));
            }
            known(f, TOP, "/" + f, "a container");
        });
        keys(d.get("healthcheck"), HEALTHCHECK, "/healthcheck", "a healthcheck");
        JsonNode mounts = d.path("mounts");
        for (int i = 0; i < mounts.size(); i++) {
            keys(mounts.get(i), MOUNT, "/mounts/" + i, "a mount");
        }
        d.path("networks").fields().forEachRemaining(e -> keys(e.getValue(), NETWORK, "/networks/" + e.getKey(), "a network entry"));
        if (d.has("cap_add")) {
            JsonNode caps = list(d.get("cap_add"), "/cap_add", "capability names such as NET_ADMIN");
            for (int i = 0; i < caps.size(); i++) {
                capability(caps.get(i).asText(), "/cap_add/" + i);
            }
        }
        if (d.has("extra_hosts")) {
            JsonNode hosts = list(d.get("extra_hosts"), "/extra_hosts", "entries HOST:ADDRESS");
            for (int i = 0; i < hosts.size(); i++) {
                if (!hosts.get(i).asText().matches("[^:\\s]+:\\S+")) {
                    throw new InvalidAttributeException("/extra_hosts/" + i, "expected HOST:ADDRESS (host-gateway for the engine's host)");
                }
            }
        }
        if (d.has("init") && !d.get("init").isBoolean()) {
            throw new InvalidAttributeException("/init", "expected true or false");
        }
        if (d.has("ulimits")) {
            if (!d.get("ulimits").isObject()) {
                throw new InvalidAttributeException("/ulimits", "expected NAME: LIMIT or NAME: {soft: N, hard: N}");
            }
            d.get("ulimits").fields().forEachRemaining(e -> ulimit(e.getKey(), e.getValue()));
        }
    }

    /** The settings beyond the basics, onto the host config of a container to create. */
    static void apply(JsonNode d, HostConfig h) {
        if (d.has("cap_add")) {
            List<Capability> caps = new ArrayList<>();
            d.get("cap_add").forEach(c -> caps.add(capability(c.asText(), "/cap_add")));
            h.withCapAdd(caps.toArray(Capability[]::new));
        }
        if (d.has("ulimits")) {
            List<Ulimit> limits = new ArrayList<>();
            d.get("ulimits").fields().forEachRemaining(e -> limits.add(ulimit(e.getKey(), e.getValue())));
            h.withUlimits(limits);
        }
        if (d.has("extra_hosts")) {
            h.withExtraHosts(ContainerSpec.strings(d.get("extra_hosts")).toArray(String[]::new));
        }
        if (d.has("init")) {
            h.withInit(d.get("init").asBoolean());
        }
        if (d.has("memory_reservation")) {
            h.withMemoryReservation(ContainerSpec.bytes(d.get("memory_reservation").asText()));
        }
    }

    /** {@code stop_grace_period} in whole seconds, as the engine takes it (rounded up), or null. */
    static Integer stopTimeout(JsonNode d) {
        if (!d.has("stop_grace_period")) {
            return null;
        }
        return Math.toIntExact((ContainerSpec.millis(d.get("stop_grace_period").asText()) + 999) / 1000);
    }

    private static Capability capability(String name, String pointer) {
        String n = name.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
        try {
            return Capability.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new InvalidAttributeException(pointer, "unknown capability \"" + name + "\"" + didYouMean(n,
                    java.util.Arrays.stream(Capability.values()).map(Enum::name).toList()));
        }
    }

    private static Ulimit ulimit(String name, JsonNode v) {
        String at = "/ulimits/" + name;
        if (v.isIntegralNumber()) {
            return new Ulimit(name, v.asLong(), v.asLong());
        }
        if (v.isObject() && v.path("soft").isIntegralNumber() && v.path("hard").isIntegralNumber()) {
            keys(v, ULIMIT, at, "a ulimit");
            return new Ulimit(name, v.get("soft").asLong(), v.get("hard").asLong());
        }
        throw new InvalidAttributeException(at, "expected a whole number, or {soft: N, hard: N}");
    }

    private static JsonNode list(JsonNode v, String pointer, String what) {
        if (!v.isArray()) {
            throw new InvalidAttributeException(pointer, "expected a list of " + what);
        }
        return v;
    }

    private static void keys(JsonNode object, Set<String> allowed, String pointer, String what) {
        if (object != null && object.isObject()) {
            object.fieldNames().forEachRemaining(f -> known(f, allowed, pointer + "/" + f, what));
        }
    }

    private static void known(String field, Set<String> allowed, String pointer, String what) {
        if (!allowed.contains(field)) {
            throw new InvalidAttributeException(pointer, "unknown key \"" + field + "\"" + didYouMean(field, allowed) + "; " + what + " has "
                    + String.join(", ", new TreeSet<>(allowed)));
        }
    }

    private static String didYouMean(String word, java.util.Collection<String> known) {
        String c = Suggestions.closest(word, known);
        return c == null ? "" : " (did you mean \"" + c + "\"?)";
    }
}
