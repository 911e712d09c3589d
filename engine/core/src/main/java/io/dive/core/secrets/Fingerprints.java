package io.dive.core.secrets;

import io.dive.spi.DiveException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed fingerprints of secret values (HMAC-SHA256): what state and plans keep instead of the value,
 * so a rotation shows as a change without the value ever being stored. The key comes from
 * {@code DIVE_FINGERPRINT_KEY}, else {@code .dive/fingerprint.key} beside the manifest (made once).
 * Teams that share one state must share the key through the environment.
 */
public final class Fingerprints {

    public static final String PREFIX = "sensitive:";
    private final java.util.function.Supplier<byte[]> source;
    private volatile SecretKeySpec key;

    public Fingerprints(byte[] key) {
        this(() -> key);
    }

    /** The key is read (or made) when the first fingerprint is taken: a run that fails before that writes nothing. */
    private Fingerprints(java.util.function.Supplier<byte[]> source) {
        this.source = source;
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(source.get(), "HmacSHA256");
                }
                k = key;
            }
        }
        return k;
    }

    /** What this key makes of a fixed text: recorded in state, it tells a run with another key (never reversible). */
    public String canary() {
        return of("dive fingerprint key canary");
    }

    public static Fingerprints forTopology(Function<String, String> env, Path baseDir) {
        String fromEnv = env.apply("DIVE_FINGERPRINT_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Fingerprints(fromEnv.getBytes(StandardCharsets.UTF_8));
        }
        Path file = baseDir.resolve(".dive").resolve("fingerprint.key");
        return new Fingerprints(() -> keyFile(file));
    }

    private static byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] k = new byte[32];
                new SecureRandom().nextBytes(k);
                try {
                    io.dive.core.files.PrivateFiles.write(file, HexFormat.of().formatHex(k).getBytes(StandardCharsets.UTF_8), false);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another run made it between our look and our write: use theirs, so both fingerprint alike
                }
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DiveException(file + ": cannot read or create the fingerprint key: " + e.getMessage());
        }
    }

    /** {@code sensitive:<32 hex>}: equal values give equal fingerprints under one key. */
    public String of(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isFingerprint(String text) {
        return text != null && text.startsWith(PREFIX);
    }
}
