package io.dive.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Files only their owner may read (state, plans, secrets, keys), written whole or not at all. They are
 * created 0600 (folders 0700) from the first byte, never opened through a symbolic link, and a file
 * that must not be replaced is published with a hard link, which fails when the name exists: two first
 * runs cannot both make a fingerprint key.
 */
public final class PrivateFiles {

    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateFiles() {
    }

    /** Creates the folder and its missing parents 0700; refuses a symbolic link in the folder's place. */
    public static void folder(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isSymbolicLink(abs)) {
            throw new IOException(abs + " is a symbolic link; dive writes private files only into real folders");
        }
        if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (abs.getParent() != null && !Files.exists(abs.getParent())) {
            Files.createDirectories(abs.getParent());
        }
        try {
            if (POSIX) {
                Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(abs);
            }
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw raced;
            }
        }
    }

    /**
     * Writes the whole content to {@code file} via a fresh private temporary file: with {@code replace},
     * an atomic rename puts it in place (a symbolic link at the name is replaced, not followed); without,
     * the file is published only if the name is free, else {@link FileAlreadyExistsException}.
     */
    public static void write(Path file, byte[] content, boolean replace) throws IOException {
        Path abs = file.toAbsolutePath();
        folder(abs.getParent());
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + HexFormat.of().formatHex(randomBytes()));
        try {
            try (FileChannel ch = create(tmp)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (replace) {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.createLink(abs, tmp); // fails when the name exists, whatever it is
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Opens a new private file for writing: fails when anything (a file, a link) has the name already. */
    public static FileChannel create(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (POSIX) {
            FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return FileChannel.open(file, options, mode);
        }
        return FileChannel.open(file, options);
    }

    /** Opens a private file to read and write, creating it 0600 when missing; never through a symbolic link. */
    public static FileChannel openOrCreate(Path file) throws IOException {
        folder(file.toAbsolutePath().getParent());
        Set<java.nio.file.OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        if (POSIX) {
            return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(file, options);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
