package io.github.cellinr.dataset;

import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.OutputFolder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An output folder built in a hidden sibling and renamed into place when complete, so a reader never sees
 * a half-written dataset or phantom set, and a failed run leaves nothing behind (the staging folder is
 * removed by {@link #close()} when {@link #publish()} was not reached).
 *
 * <p>An existing target is refused unless it is empty, or {@code replace} is set and it is a folder this
 * tool wrote: it carries the {@link OutputFolder#MARKER} written into every staging folder. A
 * {@code provenance.json} or {@code dataset.json} alone does not count (an in-place verb could have written
 * one into a user's folder), so replacing never deletes a folder of the user's own.
 *
 * <p>The staging folder's marker is locked while it is built, so a later successful run can tell the staging
 * folders of killed runs (unlocked) from those of runs still at work, and removes the former.
 */
public final class StagingFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final boolean replace;
    private final FileChannel lock;
    private boolean published;

    private StagingFolder(Path target, boolean replace) {
        this.target = target.toAbsolutePath().normalize();
        this.replace = replace;
        checkTarget(this.target, replace);
        Path parent = this.target.getParent();
        AtomicFiles.createDirectories(parent);
        this.staging = parent.resolve("." + this.target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        AtomicFiles.createDirectories(staging);
        OutputFolder.writeMarker(staging);
        this.lock = tryLock(staging.resolve(OutputFolder.MARKER));
    }

    /**
     * Checks, before a run reads its input, that {@code target} may be written: the same test as
     * {@link #create}, plus a writable place to create it in.
     */
    public static void check(Path target, boolean replace) {
        Path t = target.toAbsolutePath().normalize();
        checkTarget(t, replace);
        OutputFolder.checkParentWritable(t);
    }

    /** Starts building {@code target}; fails at once (one line) if the target may not be written. */
    public static StagingFolder create(Path target, boolean replace) {
        return new StagingFolder(target, replace);
    }

    /** The folder being filled. */
    public Path path() {
        return staging;
    }

    public Path target() {
        return target;
    }

    private static void checkTarget(Path target, boolean replace) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw CellInrException.of(target, "exists and is a file; choose another --out");
        }
        if (isEmpty(target)) {
            return;
        }
        if (!replace) {
            throw CellInrException.of(target, "exists and is not empty; choose another --out or add --force to"
                    + " replace it");
        }
        if (!OutputFolder.isOurs(target)) {
            throw CellInrException.of(target, "exists and was not made by cellinr (it has no " + OutputFolder.MARKER
                    + " marker); --force only replaces cellinr output folders");
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw CellInrException.of(dir, "cannot list folder: " + e.getMessage(), e);
        }
    }

    /** Renames the finished folder into place (replacing an allowed existing one) and returns the target. */
    public Path publish() {
        try {
            Path old = null;
            if (Files.exists(target)) {
                checkTarget(target, replace);
                old = target.resolveSibling("." + target.getFileName() + ".old-"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                Files.move(target, old);
            }
            AtomicFiles.publish(staging, target);
            published = true;
            releaseLock();
            if (old != null) {
                deleteTree(old);
            }
            removeStaleSiblings();
            return target;
        } catch (IOException e) {
            throw AtomicFiles.writeError(target, e);
        }
    }

    @Override
    public void close() {
        if (!published) {
            deleteTree(staging);
            releaseLock();
        }
    }

    private static FileChannel tryLock(Path marker) {
        try {
            FileChannel channel = FileChannel.open(marker, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                FileLock l = channel.tryLock();
                if (l != null) {
                    return channel;
                }
            } catch (OverlappingFileLockException | IOException e) {
                // not lockable: the folder simply cannot be told apart from a live one
            }
            channel.close();
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private void releaseLock() {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException ignored) {
                // released with the process anyway
            }
        }
    }

    /**
     * Removes {@code .NAME.tmp-*} and {@code .NAME.old-*} siblings of the target left by killed runs: those
     * whose marker nobody holds a lock on, and, from before staging folders carried a marker, those untouched
     * for an hour.
     */
    private void removeStaleSiblings() {
        String prefix = "." + target.getFileName() + ".";
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(target.getParent())) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && OutputFolder.isStagingName(name)
                        && name.substring(prefix.length()).matches("(tmp|old)-[0-9a-f]+") && Files.isDirectory(p)) {
                    candidates.add(p);
                }
            }
        } catch (IOException e) {
            return; // best effort
        }
        for (Path p : candidates) {
            Path marker = p.resolve(OutputFolder.MARKER);
            if (Files.exists(marker)) {
                FileChannel held = tryLock(marker);
                if (held != null) {
                    deleteTree(p); // deleting while we hold the lock: no run can take it up meanwhile
                    try {
                        held.close();
                    } catch (IOException ignored) {
                        // gone with the folder
                    }
                }
            } else if (olderThan(p, Duration.ofHours(1))) {
                deleteTree(p);
            }
        }
    }

    private static boolean olderThan(Path p, Duration age) {
        try {
            FileTime t = Files.getLastModifiedTime(p);
            return t.toInstant().isBefore(Instant.now().minus(age));
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes a folder tree, best effort (used for staging and replaced folders only). */
    static void deleteTree(Path root) {
        OutputFolder.deleteTree(root);
    }
}
