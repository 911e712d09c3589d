package io.dive.core.secrets;

import io.dive.spi.DiveException;
import java.nio.charset.StandardCharsets;
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
 * {@code DIVE_FINGERPRINT_KEY}, else from where the topology's generated secrets are kept
 * ({@link GeneratedSecrets}: {@code .dive/fingerprint.key} beside the manifest, or sealed in the state
 * backend for every runner). Like a generated secret, only a run that changes things makes and keeps it;
 * another run that finds none uses a key of its own for that run ({@link #ephemeral()}).
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

    /** This machine's key file, made when missing (tests and tools that have no session). */
    public static Fingerprints forTopology(Function<String, String> env, Path baseDir) {
        SecretResolver secrets = new SecretResolver(env, baseDir);
        secrets.allowCreating();
        return forTopology(env, secrets);
    }

    /** The topology's key: the environment's, else the one kept with its generated secrets (read when first needed). */
    public static Fingerprints forTopology(Function<String, String> env, SecretResolver secrets) {
        String fromEnv = env.apply("DIVE_FINGERPRINT_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Fingerprints(fromEnv.getBytes(StandardCharsets.UTF_8));
        }
        Fingerprints[] self = new Fingerprints[1];
        self[0] = new Fingerprints(() -> {
            String kept = secrets.generated().get(GeneratedSecrets.FINGERPRINT_KEY);
            if (kept == null && !secrets.creating()) {
                String own = randomHex();
                self[0].own = own;
                return own.getBytes(StandardCharsets.UTF_8);
            }
            if (kept == null) {
                kept = secrets.generated().keepIfAbsent(GeneratedSecrets.FINGERPRINT_KEY, randomHex());
            }
            return kept.getBytes(StandardCharsets.UTF_8);
        });
        self[0].keeper = secrets;
        return self[0];
    }

    private static String randomHex() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return HexFormat.of().formatHex(k);
    }

    /** The key this run made for itself alone (none was kept and it could not keep one), or null. */
    private volatile String own;
    private volatile SecretResolver keeper;

    /** Whether the key is this run's alone (none was kept, and this run may not keep one). */
    public boolean ephemeral() {
        key();
        return own != null;
    }

    /**
     * Before an apply: a key this run made for itself is kept now, so that what it records stays readable.
     * Another run that kept one first makes this run's fingerprints useless: it stops, to be run again.
     */
    public synchronized void keepIfOwn() {
        if (own == null || keeper == null) {
            return;
        }
        String kept = keeper.generated().keepIfAbsent(GeneratedSecrets.FINGERPRINT_KEY, own);
        if (!kept.equals(own)) {
            throw new DiveException("another run made the fingerprint key of this topology while this one was planning: run it again");
        }
        own = null;
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
