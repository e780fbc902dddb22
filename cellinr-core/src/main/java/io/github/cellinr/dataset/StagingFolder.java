package io.github.cellinr.dataset;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * An output folder built in a hidden sibling and renamed into place when complete, so a reader never sees
 * a half-written dataset or phantom set, and a failed run leaves nothing behind (the staging folder is
 * removed by {@link #close()} when {@link #publish()} was not reached).
 *
 * <p>An existing target is refused unless it is empty, or {@code replace} is set and it is a folder this
 * tool wrote (it holds a {@code provenance.json} or {@code dataset.json}): replacing never deletes a folder
 * of the user's own.
 */
public final class StagingFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final boolean replace;
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
        if (!Files.isRegularFile(target.resolve(Provenance.FILE_NAME)) && !Files.isRegularFile(target.resolve("dataset.json"))) {
            throw CellInrException.of(target, "exists and was not written by cellinr (no provenance.json);"
                    + " --force only replaces cellinr output folders");
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
            if (old != null) {
                deleteTree(old);
            }
            return target;
        } catch (IOException e) {
            throw AtomicFiles.writeError(target, e);
        }
    }

    @Override
    public void close() {
        if (!published) {
            deleteTree(staging);
        }
    }

    /** Deletes a folder tree, best effort (used for staging and replaced folders only). */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: a leftover hidden staging folder is named as such
        }
    }
}
