package io.dive.core.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.secrets.SecretRefs;
import io.dive.spi.DiveException;
import io.dive.spi.Provider;
import io.dive.spi.SecretSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Resolves {@code ${secret:SOURCE:NAME}} references when a value must reach a server:
 * <ul>
 *   <li>{@code env}: an environment variable;</li>
 *   <li>{@code file}: an entry of the local secrets file ({@code DIVE_SECRETS_FILE}, else
 *       {@code .dive/secrets.json} beside the manifest; mode 0600), for development;</li>
 *   <li>{@code generate}: a random value made once and kept (the quickstart's): in that same file, or sealed
 *       in the state backend when the operator gives a state key ({@link GeneratedSecrets}). Only a run that
 *       changes things ({@link #allowCreating()}: apply, destroy, drift --fix, import) keeps a new one; any
 *       other run that meets a missing one gets a value for this run alone (a plan of objects still to be
 *       created shows them as sensitive anyway), and the engine refuses when an object already applied
 *       needs it ({@code Session}).</li>
 * </ul>
 * Every value it hands out is remembered so that messages can be scrubbed of it.
 */
public final class SecretResolver implements Provider.SecretResolver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Function<String, String> env;
    private final LocalGeneratedSecrets local;
    private volatile GeneratedSecrets generated;
    private volatile boolean creating;
    /** Generated secrets this run needed but did not keep (not creating): values for this run alone. */
    private final Map<String, String> ephemeral = new ConcurrentHashMap<>();
    private final Set<String> handedOut = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    private final JsonNode settings;
    private final Map<String, SecretSource> sources = new ConcurrentHashMap<>();

    public SecretResolver(Function<String, String> env, Path baseDir) {
        this(env, baseDir, null);
    }

    /** @param settings the manifest's {@code secrets:} block: per source settings (e.g. gcp.project) */
    public SecretResolver(Function<String, String> env, Path baseDir, JsonNode settings) {
        this.env = env;
        this.settings = settings == null ? JSON.createObjectNode() : settings;
        for (SecretSource s : java.util.ServiceLoader.load(SecretSource.class)) {
            sources.put(s.name(), s);
        }
        String override = env.apply("DIVE_SECRETS_FILE");
        Path secretsFile = override != null && !override.isBlank() ? Path.of(override) : baseDir.resolve(".dive").resolve("secrets.json");
        this.local = new LocalGeneratedSecrets(secretsFile, baseDir.resolve(".dive").resolve("fingerprint.key"));
        this.generated = local;
    }

    /** Keeps generated secrets (and the fingerprint key) there from now on: the state backend, sealed. */
    public void keepGeneratedIn(GeneratedSecrets where) {
        this.generated = where;
    }

    /** Where generated secrets and the fingerprint key are kept. */
    public GeneratedSecrets generated() {
        return generated;
    }

    /**
     * This run changes things: a generated secret it meets missing is made and kept, and those it made for
     * itself alone so far are kept now (another run's, when it kept one first, wins and is used from now on).
     */
    public synchronized void allowCreating() {
        this.creating = true;
        if (!ephemeral.isEmpty()) {
            ephemeral.forEach(generated::keepIfAbsent);
            ephemeral.clear();
            cache.clear(); // the next resolve reads what is kept
        }
    }

    public boolean creating() {
        return creating;
    }

    /** Whether a generated secret is kept (made by an earlier apply), without making it. */
    public boolean isGenerated(String name) {
        return generated.get(name) != null;
    }

    /** Replaces every reference inside the text with its value. */
    @Override
    public String resolve(String text) {
        Matcher m = SecretRefs.pattern().matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            SecretRefs.Ref ref = SecretRefs.parse(m.group()).orElseThrow(() -> new DiveException(
                    "secret reference " + m.group() + " names an unknown source (known: " + SecretRefs.SOURCES + ")"));
            String value = cache.computeIfAbsent(ref.toString(), k -> lookup(ref));
            handedOut.add(value);
            io.dive.spi.Redaction.remember(value);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A deep copy of the attributes with every secret reference replaced by its value. */
    public JsonNode resolveAll(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText().contains("${secret:") ? JSON.getNodeFactory().textNode(resolve(node.asText())) : node;
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), resolveAll(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(n -> copy.add(resolveAll(n)));
            return copy;
        }
        return node;
    }

    /** Removes every secret value this run handed out from a message (a last line of defence). */
    public String scrub(String message) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (String v : handedOut) {
            if (v.length() >= 4) {
                out = out.replace(v, "(sensitive)");
            }
        }
        return out;
    }

    private String lookup(SecretRefs.Ref ref) {
        switch (ref.source()) {
            case "env" -> {
                if (!io.dive.core.secrets.EnvPolicy.allowed(ref.name(), env)) {
                    throw new DiveException("secret " + ref + ": environment variable " + ref.name() + " is not allowed here: "
                            + io.dive.core.secrets.EnvPolicy.rule());
                }
                String v = env.apply(ref.name());
                if (v == null) {
                    throw new DiveException("secret " + ref + ": environment variable " + ref.name() + " is not set");
                }
                return v;
            }
            case "file" -> {
                JsonNode v = local.read().get(ref.name());
                if (v == null || !v.isTextual()) {
                    throw new DiveException("secret " + ref + ": no entry \"" + ref.name() + "\" in " + local.secretsFile());
                }
                return v.asText();
            }
            case "generate" -> {
                return generate(ref.name());
            }
            default -> {
                SecretSource source = sources.get(ref.source());
                if (source == null) {
                    throw new DiveException("secret " + ref + ": no " + ref.source() + " secret source is installed in this build");
                }
                try {
                    return source.fetch(ref.name(), ref.version(), settings.path(ref.source()), env);
                } catch (DiveException e) {
                    throw new DiveException("secret " + ref + ": " + e.getMessage());
                }
            }
        }
    }

    private String generate(String name) {
        String kept = generated.get(name);
        if (kept != null) {
            return kept;
        }
        if (!creating) {
            return ephemeral.computeIfAbsent(name, n -> random());
        }
        return generated.keepIfAbsent(name, random());
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
