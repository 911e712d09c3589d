package io.dive.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.spi.DiveException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads a template ({@code templates/NAME.yaml}) and expands it for one instance: names come from
 * one place, the template and the code. Looks in the manifest's own templates folder first, then in
 * the built-in templates shipped with dive.
 */
public final class TemplateExpander {

    private final Path overrideDir;
    private final Function<String, String> env;
    private final SchemaValidator schema = SchemaValidator.load("template.schema.json");
    /** Parsed and checked once per run: a topology of 32 spokes reads spoke.yaml once, not 32 times. */
    private final java.util.Map<String, YamlDocument> parsed = new java.util.HashMap<>();

    private final io.dive.spi.FileRoots roots;

    public TemplateExpander(Path overrideDir, Function<String, String> env, io.dive.spi.FileRoots roots) {
        this.overrideDir = overrideDir;
        this.env = env;
        this.roots = roots;
    }

    /** The expanded template: a document whose {@code resources} are ready to bind. */
    public YamlDocument expand(String template, Map<String, String> variables, String usedAt) {
        YamlDocument doc = parsed.get(template);
        if (doc == null) {
            Source source = find(template, usedAt);
            doc = YamlReader.read(source.label, source.text);
            schema.validate(doc.root(), doc.sources());
            parsed.put(template, doc);
        }
        YamlDocument copy = new YamlDocument(doc.root().deepCopy(), doc.sources());
        return new YamlDocument(new Interpolator(env, variables).apply(copy), doc.sources());
    }

    private record Source(String label, String text) {
    }

    private Source find(String template, String usedAt) {
        String file = template + ".yaml";
        if (!template.matches("[A-Za-z0-9][A-Za-z0-9_.-]*") || template.contains("..")) {
            // A template is named, not pathed: "../../home/ci/.token" must not even be looked at.
            throw new DiveException(usedAt + ": template: expected a template's name (letters, digits, - _ .), not a path");
        }
        if (overrideDir != null) {
            Path p = roots.confine(overrideDir.resolve(file), usedAt + ": template");
            if (Files.isRegularFile(p)) {
                try {
                    return new Source(p.toString(), Files.readString(p));
                } catch (IOException e) {
                    throw new DiveException(p + ": cannot read template: " + e.getMessage());
                }
            }
        }
        try (InputStream in = TemplateExpander.class.getResourceAsStream("/templates/" + file)) {
            if (in == null) {
                throw new DiveException(usedAt + ": template \"" + template + "\" not found"
                        + (overrideDir != null ? " in " + overrideDir + " nor" : "") + " among the built-in templates");
            }
            return new Source("templates/" + file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DiveException("templates/" + file + ": cannot read template: " + e.getMessage());
        }
    }
}
