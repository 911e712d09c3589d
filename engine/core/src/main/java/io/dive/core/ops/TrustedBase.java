package io.dive.core.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.manifest.ManifestLoader;
import io.dive.spi.CanonicalJson;
import io.dive.spi.DiveException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --trusted-base BASEFILE}: a pull request's manifest must not decide where credentials go.
 * The blocks that do (provider endpoints and credentials, state, secret sources, template paths) must
 * equal the base branch's, and this is checked before any secret is resolved or any server contacted.
 */
public final class TrustedBase {

    private TrustedBase() {
    }

    public static void check(ManifestLoader loader, Path manifest, Path base) {
        Map<String, JsonNode> theirs = loader.trustedBlocks(manifest);
        Map<String, JsonNode> trusted = loader.trustedBlocks(base);
        java.util.Set<String> names = new java.util.LinkedHashSet<>(trusted.keySet());
        names.addAll(theirs.keySet());
        for (String name : names) {
            if (!canonical(theirs.get(name)).equals(canonical(trusted.get(name)))) {
                throw new DiveException(manifest + ": " + name + " differs from the trusted base " + base
                        + ": where credentials go is decided by the base branch's manifest; refused before any secret was resolved or server contacted");
            }
        }
    }

    private static String canonical(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? "" : CanonicalJson.of(n);
    }
}
