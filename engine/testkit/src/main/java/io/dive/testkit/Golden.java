package io.dive.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares rendered output with a golden file under {@code src/test/resources/golden/}. Run with
 * {@code -Ddive.golden.update=true} to rewrite the files after an intended change, then review the diff.
 */
public final class Golden {

    private Golden() {
    }

    public static void assertMatches(String name, String actual) {
        Path file = Path.of("src", "test", "resources", "golden", name);
        try {
            if (Boolean.getBoolean("dive.golden.update") || !Files.exists(file)) {
                if (!Boolean.getBoolean("dive.golden.update")) {
                    throw new AssertionError("golden file " + file + " is missing; run with -Ddive.golden.update=true to create it");
                }
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
                return;
            }
            assertEquals(Files.readString(file), actual, "output differs from golden file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
