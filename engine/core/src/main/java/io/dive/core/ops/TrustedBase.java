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
        Path theirDir = manifest.toAbsolutePath().getParent();
        Path trustedDir = base.toAbsolutePath().getParent();
        for (String name : names) {
            io.dive.spi.FileRoots theirRoots = io.dive.spi.FileRoots.of(theirDir, loader.env());
            io.dive.spi.FileRoots trustedRoots = io.dive.spi.FileRoots.of(trustedDir, loader.env());
            if (!canonical(withCaDigests(theirs.get(name), theirDir, theirRoots)).equals(canonical(withCaDigests(trusted.get(name), trustedDir, trustedRoots)))) {
                throw new DiveException(manifest + ": " + name + " differs from the trusted base " + base
                        + ": where credentials go is decided by the base branch's manifest; refused before any secret was resolved or server contacted");
            }
        }
    }

    /**
     * A CA file decides whom a credential is sent to as much as the URL does: each {@code ca:} is compared
     * by its content (a SHA-256 of the file beside each manifest), so a pull request that swaps the CA
     * under the same file name is refused too. A CA is read where a run would read it: inside the manifest's
     * folder or the allowed roots (a {@code ca:} elsewhere is refused here as it would be there).
     */
    static JsonNode withCaDigests(JsonNode block, Path dir, io.dive.spi.FileRoots roots) {
        if (block == null || !block.isContainerNode()) {
            return block;
        }
        JsonNode copy = block.deepCopy();
        digestCas(copy, dir, roots);
        return copy;
    }

    private static void digestCas(JsonNode node, Path dir, io.dive.spi.FileRoots roots) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                JsonNode v = o.get(k);
                if (k.equals("ca") && v.isTextual()) {
                    o.put(k, v.asText() + " sha256:" + digest(roots.confine(dir.resolve(v.asText()), "ca")));
                } else {
                    digestCas(v, dir, roots);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(n -> digestCas(n, dir, roots));
        }
    }

    private static String digest(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(file)));
        } catch (java.io.IOException e) {
            return "unreadable";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonical(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? "" : CanonicalJson.of(n);
    }
}
