package io.dive.provider.docker;

import io.dive.spi.FileRoots;
import io.dive.spi.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Bind-mounted host paths: where they are, and what of them goes into a container's config hash (so an
 * edited config file recreates the container). dive reads a source only inside the manifest's folder
 * and the operator's allowed roots, never through a symbolic link, and at most {@link #MAX_FILES} files
 * and {@link #MAX_BYTES} bytes of it: a source of {@code /} must not walk the whole file system. A
 * source outside the roots (a socket, {@code /var/run/docker.sock}) is still mounted; it is
 * fingerprinted by its path only.
 */
final class MountedFiles {

    static final int MAX_FILES = 10_000;
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Path baseDir;
    private final FileRoots roots;

    MountedFiles(Path baseDir, FileRoots roots) {
        this.baseDir = baseDir;
        this.roots = roots;
    }

    /** The absolute host path Docker mounts. */
    String source(String declared) {
        return baseDir.resolve(declared).toAbsolutePath().normalize().toString();
    }

    /** Adds the source's path and, inside the roots, its files' names and content to the digest. */
    void hashInto(MessageDigest md, String declared) {
        Path p = Path.of(source(declared));
        // The same bytes as before the roots existed, for what lies inside them: an upgrade recreates nothing.
        if (!roots.contains(p)) {
            md.update(("outside:" + p).getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            md.update(("missing:" + p).getBytes(StandardCharsets.UTF_8));
            return;
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    // Links are not followed (walkFileTree's default): one inside the folder cannot lead out of it.
                    if (attrs.isRegularFile()) {
                        if (files.size() >= MAX_FILES) {
                            throw new ProviderException("bind mount " + declared + ": more than " + MAX_FILES
                                    + " files to fingerprint; mount a smaller folder");
                        }
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            files.sort(null);
            long budget = MAX_BYTES;
            byte[] buf = new byte[64 * 1024];
            for (Path f : files) {
                md.update(f.toString().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        budget -= n;
                        if (budget < 0) {
                            throw new ProviderException("bind mount " + declared + ": more than " + MAX_BYTES / (1024 * 1024)
                                    + " MiB to fingerprint; mount a smaller folder");
                        }
                        md.update(buf, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            throw new ProviderException("bind mount " + declared + ": cannot read " + p + " to fingerprint it: " + e.getClass().getSimpleName());
        }
    }
}
