package io.dive.core.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.files.FileLocks;
import io.dive.core.files.PrivateFiles;
import io.dive.spi.DiveException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's copy: generated secrets in the secrets file ({@code DIVE_SECRETS_FILE}, else
 * {@code .dive/secrets.json} beside the manifest, mode 0600; its entries are also what
 * {@code ${secret:file:NAME}} reads), the fingerprint key in {@code .dive/fingerprint.key}.
 */
public final class LocalGeneratedSecrets implements GeneratedSecrets {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path secretsFile;
    private final Path keyFile;

    public LocalGeneratedSecrets(Path secretsFile, Path keyFile) {
        this.secretsFile = secretsFile;
        this.keyFile = keyFile;
    }

    public Path secretsFile() {
        return secretsFile;
    }

    @Override
    public synchronized String get(String name) {
        if (FINGERPRINT_KEY.equals(name)) {
            try {
                return Files.exists(keyFile) ? Files.readString(keyFile, StandardCharsets.UTF_8) : null;
            } catch (IOException e) {
                throw new DiveException(keyFile + ": cannot read the fingerprint key: " + e.getMessage());
            }
        }
        JsonNode v = read().get(name);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /**
     * Under a lock that holds across processes (the file {@code NAME.lock} beside the secrets file): two
     * applies at once, of one topology or of two that share the file, each read the file as the other
     * left it, so no entry is lost, and a value another run kept first wins and is returned.
     */
    @Override
    public synchronized String keepIfAbsent(String name, String value) {
        if (FINGERPRINT_KEY.equals(name)) {
            return keepKey(value);
        }
        try {
            return FileLocks.locked(lockFile(secretsFile), () -> {
                ObjectNode all = read();
                JsonNode existing = all.get(name);
                if (existing != null && existing.isTextual()) {
                    return existing.asText();
                }
                all.put(name, value);
                PrivateFiles.write(secretsFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all), true);
                return value;
            });
        } catch (IOException e) {
            throw new DiveException(secretsFile + ": cannot write secrets file: " + e.getClass().getSimpleName());
        }
    }

    /** The fingerprint key is published only where none is (a hard link), under the same kind of lock. */
    private String keepKey(String value) {
        try {
            FileLocks.locked(lockFile(keyFile), () -> {
                try {
                    PrivateFiles.write(keyFile, value.getBytes(StandardCharsets.UTF_8), false);
                } catch (FileAlreadyExistsException raced) {
                    // another run made it first: theirs is used, so both fingerprint alike
                }
                return null;
            });
        } catch (IOException e) {
            throw new DiveException(keyFile + ": cannot create the fingerprint key: " + e.getMessage());
        }
        return get(FINGERPRINT_KEY);
    }

    private static Path lockFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /** The secrets file's entries (an empty object when there is none). */
    public synchronized ObjectNode read() {
        if (!Files.exists(secretsFile)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(secretsFile));
            if (n instanceof ObjectNode o) {
                return o;
            }
            throw new DiveException(secretsFile + ": secrets file must be a JSON object of name: value");
        } catch (IOException e) {
            throw new DiveException(secretsFile + ": cannot read secrets file: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String describe() {
        return secretsFile + " (fingerprint key: " + keyFile + ")";
    }
}
