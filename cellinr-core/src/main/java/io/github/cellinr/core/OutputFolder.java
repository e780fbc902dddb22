package io.github.cellinr.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The {@code --out} folder of a run that writes into it in place (train, reconstruct, generate, evaluate...):
 * it is ours only if it carries our marker file {@value #MARKER}, written when we create it. A run
 * {@linkplain #claim claims} the folder before it reads its inputs and holds a lock on the marker until it ends:
 *
 * <ul>
 *   <li>a folder of the user's own (not empty, no marker) is refused, never written into: a
 *       {@code provenance.json} alone does not make a folder ours, since a run could have written it into a
 *       user's folder before this check existed;</li>
 *   <li>an output that is, or lies inside, or holds one of the run's inputs is refused, so neither writing nor
 *       a later {@code --force} can destroy the input;</li>
 *   <li>a second run into the same folder while the first holds the lock is refused (one line) instead of both
 *       writing and one silently winning;</li>
 *   <li>a failed run removes the folder again when it created it and left nothing in it but the marker;</li>
 *   <li>a successful run removes staging leftovers ({@code .NAME.tmp-*}, {@code .NAME.old-*}) of earlier runs
 *       that were killed: while it holds the lock, no other run of ours can be writing them.</li>
 * </ul>
 */
public final class OutputFolder implements AutoCloseable {
    /** The marker file that makes a folder ours. */
    public static final String MARKER = ".cellinr";

    private static final byte[] MARKER_TEXT = ("This folder was written by cellinr. The file marks it as cellinr output"
            + " (so that --force may replace it) and is locked while a run writes here.\n")
            .getBytes(StandardCharsets.UTF_8);

    private final Path path;
    private final boolean created;
    private final boolean marked;
    private final FileChannel channel;
    private boolean completed;

    private OutputFolder(Path path, boolean created, boolean marked, FileChannel channel) {
        this.path = path;
        this.created = created;
        this.marked = marked;
        this.channel = channel;
    }

    /**
     * Claims {@code out} for a run reading {@code inputs} (null entries are skipped): checks that it is not one of
     * the inputs, creates it with the marker (or accepts it when empty or already ours) and locks it.
     *
     * @throws CellInrException (one line naming the folder) when the folder may not be written
     */
    public static OutputFolder claim(Path out, Collection<Path> inputs) {
        return claim(out, inputs, null);
    }

    /**
     * As {@link #claim(Path, Collection)}, also accepting a folder without the marker that holds {@code ownFile}
     * (e.g. the checkpoint a {@code --resume} continues, written before folders carried the marker).
     */
    public static OutputFolder claim(Path out, Collection<Path> inputs, String ownFile) {
        Path target = canonical(out);
        checkSeparate(target, inputs);
        boolean existed = Files.exists(target);
        if (existed) {
            if (!Files.isDirectory(target)) {
                throw CellInrException.of(target, "exists and is a file; choose another --out");
            }
            if (!isEmpty(target) && !isOurs(target)
                    && (ownFile == null || !Files.exists(target.resolve(ownFile)))) {
                throw CellInrException.of(target, "exists and was not made by cellinr (it has no " + MARKER
                        + " marker); cellinr writes only into new, empty or its own folders: choose another --out");
            }
        } else {
            checkParentWritable(target);
            AtomicFiles.createDirectories(target);
        }
        boolean marked = !isOurs(target);
        writeMarker(target);
        FileChannel channel = lock(target);
        return new OutputFolder(target, !existed, marked, channel);
    }

    /** The claimed folder (absolute, normalised). */
    public Path path() {
        return path;
    }

    /** Marks the run as finished: staging leftovers of earlier killed runs are removed, the folder is kept. */
    public void complete() {
        removeStaleStaging(path);
        completed = true;
    }

    /**
     * Releases the lock. After a failure that left nothing but the marker, undoes the claim: the marker goes
     * when this run wrote it (an empty folder of the user's stays as it was), the folder when this run made it.
     */
    @Override
    public void close() {
        try {
            if (!completed && (created || marked) && holdsOnlyMarker(path)) {
                AtomicFiles.deleteQuietly(path.resolve(MARKER));
                if (created) {
                    AtomicFiles.deleteQuietly(path);
                }
            }
        } finally {
            try {
                channel.close(); // releases the lock
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    /** Whether {@code dir} carries our marker. */
    public static boolean isOurs(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER));
    }

    /** Writes the marker into {@code dir} unless it is there (never replaced: a run may hold a lock on it). */
    public static void writeMarker(Path dir) {
        Path marker = dir.resolve(MARKER);
        try {
            Files.write(marker, MARKER_TEXT, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            // ours already (or a concurrent run's, which the lock then tells apart)
        } catch (IOException e) {
            throw AtomicFiles.writeError(dir, e);
        }
    }

    /**
     * Refuses an output folder that is one of the inputs, lies inside one, or holds one: writing there (or
     * replacing it with {@code --force}) would change or delete the input.
     */
    public static void checkSeparate(Path out, Collection<Path> inputs) {
        Path target = canonical(out);
        for (Path input : inputs) {
            if (input == null) {
                continue;
            }
            Path in = canonical(input);
            if (target.equals(in)) {
                throw CellInrException.of(target, "is also an input of this run; choose an --out of its own");
            }
            if (target.startsWith(in)) {
                throw CellInrException.of(target, "lies inside the input " + in + "; choose an --out outside it");
            }
            if (in.startsWith(target)) {
                throw CellInrException.of(target, "holds the input " + in + "; choose an --out that does not");
            }
        }
    }

    /**
     * Fails at once (one line) when a new folder cannot be made where {@code target} would go, before a run
     * spends minutes reading its input: the nearest existing ancestor must be a writable folder.
     */
    public static void checkParentWritable(Path target) {
        Path p = canonical(target).getParent();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return;
        }
        if (!Files.isDirectory(p)) {
            throw CellInrException.of(p, "is a file, so " + target + " cannot be created in it");
        }
        if (!Files.isWritable(p)) {
            throw CellInrException.of(p, "cannot write: permission denied (needed to create " + target + ")");
        }
    }

    /**
     * The absolute, normalised path with symbolic links of its existing part resolved, so that two spellings
     * of one folder compare equal.
     */
    static Path canonical(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path existing = abs;
        List<Path> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing)) {
            rest.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            Path real = existing.toRealPath();
            for (Path name : rest) {
                real = real.resolve(name);
            }
            return real;
        } catch (IOException e) {
            return abs;
        }
    }

    private static FileChannel lock(Path dir) {
        Path marker = dir.resolve(MARKER);
        FileChannel channel;
        try {
            channel = FileChannel.open(marker, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw AtomicFiles.writeError(marker, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another run in this JVM
        } catch (IOException e) {
            closeQuietly(channel);
            throw AtomicFiles.writeError(marker, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw CellInrException.of(dir, "is in use by another cellinr run (it holds the lock on " + MARKER
                    + "); wait for it to finish or choose another --out");
        }
        return channel;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw CellInrException.of(dir, "cannot list folder: " + e.getMessage(), e);
        }
    }

    private static boolean holdsOnlyMarker(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (!p.getFileName().toString().equals(MARKER)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a file name is one of our staging leftovers: {@code .NAME.tmp-HEX} or {@code .NAME.old-HEX}. */
    public static boolean isStagingName(String name) {
        return name.startsWith(".") && name.matches("\\..+\\.(tmp|old)-[0-9a-f]+");
    }

    /** Removes staging leftovers directly inside {@code dir} (only call while no run of ours writes there). */
    static void removeStaleStaging(Path dir) {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (isStagingName(p.getFileName().toString())) {
                    stale.add(p);
                }
            }
        } catch (IOException e) {
            return; // best effort: leftovers are hidden and named as such
        }
        stale.forEach(OutputFolder::deleteTree);
    }

    /** Deletes a file or folder tree, best effort. */
    public static void deleteTree(Path root) {
        Objects.requireNonNull(root);
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort
        }
    }
}
