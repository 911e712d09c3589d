package io.dive.core.secrets;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one syntax of secret references: {@code ${secret:SOURCE:NAME}} or {@code ${secret:SOURCE:NAME@VERSION}}. */
public final class SecretRefs {

    /** Built into core. */
    static final List<String> BUILT_IN = List.of("env", "file", "generate");

    /**
     * Every source a reference may name: the built-in ones and those a module on the class path offers
     * through {@link java.util.ServiceLoader} (the secrets module's {@code gcp}). A new source needs no
     * change here.
     */
    public static final List<String> SOURCES = discover();
    private static final Pattern REF = Pattern.compile("\\$\\{secret:([a-z]+):([A-Za-z0-9_.\\-/]+)(?:@([A-Za-z0-9]+))?}");

    private SecretRefs() {
    }

    private static List<String> discover() {
        java.util.List<String> all = new java.util.ArrayList<>(BUILT_IN);
        for (io.dive.spi.SecretSource s : java.util.ServiceLoader.load(io.dive.spi.SecretSource.class)) {
            if (!all.contains(s.name())) {
                all.add(s.name());
            }
        }
        return List.copyOf(all);
    }

    /** A parsed reference. */
    public record Ref(String source, String name, String version) {
        @Override
        public String toString() {
            return "${secret:" + source + ":" + name + (version == null ? "" : "@" + version) + "}";
        }
    }

    public static Optional<Ref> parse(String text) {
        Matcher m = REF.matcher(text);
        if (!m.matches() || !SOURCES.contains(m.group(1))) {
            return Optional.empty();
        }
        return Optional.of(new Ref(m.group(1), m.group(2), m.group(3)));
    }

    /** Every reference inside a larger string, in order. */
    public static List<Ref> findAll(String text) {
        Matcher m = REF.matcher(text);
        java.util.ArrayList<Ref> out = new java.util.ArrayList<>();
        while (m.find()) {
            parse(m.group()).ifPresent(out::add);
        }
        return out;
    }

    public static Pattern pattern() {
        return REF;
    }

    /** True when the value is text that holds a secret reference: such values are sensitive everywhere. */
    public static boolean isSensitive(com.fasterxml.jackson.databind.JsonNode value) {
        return value != null && value.isTextual() && value.asText().contains("${secret:");
    }
}
