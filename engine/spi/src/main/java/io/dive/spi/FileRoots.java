package io.dive.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The folders a manifest may make dive read files from: the manifest's own folder, and those the
 * operator lists in {@code DIVE_ALLOW_ROOTS} (separated by {@code :}) or {@code --allow-root}. A
 * pull request's manifest can then not make {@code dive plan} read the runner's files (a token, a key)
 * and print them in an error. Paths are normalised first, and a symbolic link that leads out of the
 * roots is refused like the path it leads to.
 */
public final class FileRoots {

    public static final String ALLOW = "DIVE_ALLOW_ROOTS";
    private final List<Path> roots;

    private FileRoots(List<Path> roots) {
        this.roots = roots;
    }

    /** The manifest's folder and the operator's {@code DIVE_ALLOW_ROOTS}. */
    public static FileRoots of(Path manifestDir, Function<String, String> env) {
        List<Path> roots = new ArrayList<>();
        roots.add(real(manifestDir));
        String listed = env == null ? null : env.apply(ALLOW);
        if (listed != null) {
            for (String r : listed.split(java.io.File.pathSeparator)) {
                if (!r.isBlank()) {
                    roots.add(real(Path.of(r.strip())));
                }
            }
        }
        return new FileRoots(List.copyOf(roots));
    }

    /** True when the file (or, when it does not exist yet, the nearest folder above it that does) lies inside a root. */
    public boolean contains(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (roots.stream().noneMatch(abs::startsWith)) {
            return false;
        }
        return roots.stream().anyMatch(real(abs)::startsWith);
    }

    /**
     * The normalised absolute path of a file the manifest names.
     *
     * @param what what to name in the refusal ({@code topology.yaml:4:8: state})
     * @throws DiveException when it lies outside every root
     */
    public Path confine(Path file, String what) {
        if (!contains(file)) {
            throw new DiveException(what + ": " + file.toAbsolutePath().normalize() + " is outside the manifest's folder; dive reads a manifest's files only"
                    + " there and in the folders listed in " + ALLOW + " or --allow-root");
        }
        return file.toAbsolutePath().normalize();
    }

    public List<Path> roots() {
        return roots;
    }

    /** The real path of the file, or of its nearest existing ancestor with the rest appended: links resolved. */
    static Path real(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs; // a dangling link: nothing to read there either way
        }
    }
}
