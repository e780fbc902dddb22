package io.github.cellinr.core;

import io.github.cellinr.core.CellInrException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader never sees half of one: the bytes go to a temporary file beside the target,
 * are forced to disk, and the temporary file is renamed over the target. A failure (a full disk, a killed
 * process) leaves the previous target intact and no temporary file behind (when the JVM lives to clean up).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Body of a write; may throw {@link IOException}. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Body of a write that needs random access (e.g. sizes patched after the data). */
    @FunctionalInterface
    public interface ChannelWriter {
        void write(FileChannel channel) throws IOException;
    }

    public static void write(Path target, StreamWriter body) {
        Path temp = temporaryBeside(target);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel),
                         1 << 16)) {
                body.write(out);
                out.flush();
                channel.force(false);
            }
            publish(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw writeError(target, e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    public static void write(Path target, ChannelWriter body) {
        Path temp = temporaryBeside(target);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.READ)) {
                body.write(channel);
                channel.force(false);
            }
            publish(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw writeError(target, e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    public static void writeBytes(Path target, byte[] bytes) {
        write(target, (StreamWriter) out -> out.write(bytes));
    }

    public static void writeString(Path target, String text) {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates {@code dir} and its parents, or fails with a one-line error naming it. */
    public static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw writeError(dir, e);
        }
    }

    /** Renames a finished file over its target (atomically where the file system can). */
    public static void publish(Path finished, Path target) throws IOException {
        try {
            Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A fresh temporary path in the target's folder (same file system, so the rename is atomic). */
    public static Path temporaryBeside(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        String name = "." + target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        return parent == null ? Path.of(name) : parent.resolve(name);
    }

    /** Maps an I/O failure to a one-line user error, naming full disks and permissions plainly. */
    public static CellInrException writeError(Path target, IOException e) {
        String reason = String.valueOf(e.getMessage());
        if (reason.contains("No space left on device") || reason.contains("Disk quota exceeded")) {
            return CellInrException.of(target, "cannot write: the disk is full (nothing was replaced)", e);
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return CellInrException.of(target, "cannot write: permission denied", e);
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return CellInrException.of(target, "cannot write: " + fse.getReason(), e);
        }
        return CellInrException.of(target, "cannot write: " + reason, e);
    }

    public static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: a stray temporary file is harmless and named as such
        }
    }
}
