package io.github.cellinr.spark;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.OutputFolder;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;

/**
 * An output or input folder on any file system Hadoop reads (HDFS, S3A, GCS, a shared or local disk), as the
 * tasks of a job use it: the core's stages write into a local folder, which is then published here under its
 * final name by a rename, so that a folder either is complete or is not there.
 *
 * <p>A local folder (no scheme, or {@code file:}) is used directly: staging happens inside it (hidden
 * {@code .NAME.tmp-*} folders, as the core's own verbs stage) and publishing is one atomic rename. Elsewhere the
 * staged folder is copied to a hidden name beside the target and renamed (atomic on HDFS; on object stores a
 * rename is a copy, so a killed task can leave a hidden staging copy, which the next run removes).
 */
final class HadoopFolder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String uri;
    private final HadoopConf conf;

    HadoopFolder(String location, HadoopConf conf) {
        URI parsed = URI.create(location.replace('\\', '/'));
        boolean local = parsed.getScheme() == null || parsed.getScheme().length() == 1 // a Windows drive letter
                || "file".equals(parsed.getScheme());
        this.uri = local ? localPath(location).toUri().toString() : location;
        this.conf = conf;
    }

    private static Path localPath(String location) {
        String text = location.startsWith("file:") ? Path.of(URI.create(location)).toString() : location;
        return Path.of(text).toAbsolutePath().normalize();
    }

    /** True when the folder is on this machine's file system (tests, a laptop, a shared mount). */
    boolean isLocal() {
        return uri.startsWith("file:");
    }

    /** The folder as a local path; only for {@link #isLocal()} folders. */
    Path localRoot() {
        return Path.of(URI.create(uri));
    }

    /** The folder or one of its entries as the user would write it: a local path, or the URI. */
    String display(String name) {
        if (isLocal()) {
            return name.isEmpty() ? localRoot().toString() : localRoot().resolve(name).toString();
        }
        return name.isEmpty() ? uri : uri.replaceAll("/+$", "") + "/" + name;
    }

    private org.apache.hadoop.fs.Path hadoopPath(String name) {
        return name.isEmpty() ? new org.apache.hadoop.fs.Path(uri) : new org.apache.hadoop.fs.Path(
                new org.apache.hadoop.fs.Path(uri), name);
    }

    private FileSystem fileSystem() throws IOException {
        FileSystem fs = hadoopPath("").getFileSystem(conf.get());
        // Hadoop's checksummed local file system would add a .crc file beside every file it writes
        return fs instanceof LocalFileSystem checked ? checked.getRaw() : fs;
    }

    /**
     * Makes this folder a job's output: creates it, or accepts it when empty or already ours (a re-run of a
     * killed job); refuses a non-empty folder of the user's, with one line.
     */
    void claim() {
        if (isLocal()) {
            Path root = localRoot();
            try {
                Files.createDirectories(root);
                boolean empty;
                try (var list = Files.list(root)) {
                    empty = list.findAny().isEmpty();
                }
                if (!empty && !OutputFolder.isOurs(root)) {
                    throw CellInrException.of(root, "is not empty and was not made by cellinr; choose a new or empty"
                            + " folder");
                }
                OutputFolder.writeMarker(root);
            } catch (IOException e) {
                throw CellInrException.of(root, "cannot create the output folder (" + e.getMessage() + ")", e);
            }
            return;
        }
        try {
            FileSystem fs = fileSystem();
            org.apache.hadoop.fs.Path root = hadoopPath("");
            fs.mkdirs(root);
            FileStatus[] entries = fs.listStatus(root);
            if (entries.length > 0 && !fs.exists(hadoopPath(OutputFolder.MARKER))) {
                throw CellInrException.of(display("") + ": is not empty and was not made by cellinr; choose a new or"
                        + " empty folder");
            }
            if (!fs.exists(hadoopPath(OutputFolder.MARKER))) {
                try (FSDataOutputStream out = fs.create(hadoopPath(OutputFolder.MARKER), false)) {
                    out.write("made by cellinr-spark\n".getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw CellInrException.of(display("") + ": cannot create the output folder (" + e.getMessage() + ")", e);
        }
    }

    boolean exists(String name) {
        if (isLocal()) {
            return Files.exists(localRoot().resolve(name));
        }
        try {
            return fileSystem().exists(hadoopPath(name));
        } catch (IOException e) {
            throw CellInrException.of(display(name) + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A new empty local folder to stage entries of this folder in: inside it when it is local (so that
     * {@link #publish} is a rename), else in the local temporary folder.
     */
    Path newStaging(String forName) {
        String hidden = "." + forName.replace('/', '_') + ".tmp-" + Long.toHexString(ThreadLocalRandom.current()
                .nextLong() & Long.MAX_VALUE);
        try {
            return isLocal() ? Files.createDirectories(localRoot().resolve(hidden))
                    : Files.createTempDirectory("cellinr-spark-");
        } catch (IOException e) {
            throw CellInrException.of(display(hidden) + ": cannot create a staging folder (" + e.getMessage() + ")",
                    e);
        }
    }

    /** Removes a staging folder made by {@link #newStaging} (best effort: a hidden leftover is harmless). */
    static void discardStaging(Path staging) {
        OutputFolder.deleteTree(staging);
    }

    /** Moves a staged file or folder to {@code name} here in one rename; an existing {@code name} is an error. */
    void publish(Path staged, String name) {
        try {
            if (isLocal()) {
                Path target = localRoot().resolve(name);
                Files.createDirectories(target.getParent());
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            FileSystem fs = fileSystem();
            org.apache.hadoop.fs.Path target = hadoopPath(name);
            org.apache.hadoop.fs.Path hidden = new org.apache.hadoop.fs.Path(target.getParent(), "."
                    + target.getName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()
                    & Long.MAX_VALUE));
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(staged.toUri()), hidden);
            if (!fs.rename(hidden, target)) {
                fs.delete(hidden, true);
                throw new IOException("rename refused (does it exist already?)");
            }
        } catch (IOException e) {
            throw CellInrException.of(display(name) + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** Writes a small text file here, atomically. */
    void writeString(String name, String text) {
        Path staging = newStaging(name);
        try {
            Path file = staging.resolve("file");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            if (exists(name)) {
                delete(name);
            }
            publish(file, name);
        } catch (IOException e) {
            throw CellInrException.of(display(name) + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            discardStaging(staging);
        }
    }

    String readString(String name) {
        try {
            if (isLocal()) {
                return Files.readString(localRoot().resolve(name), StandardCharsets.UTF_8);
            }
            FileSystem fs = fileSystem();
            try (var in = fs.open(hadoopPath(name))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw CellInrException.of(display(name) + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Deletes an entry (a file or a whole folder) if it is there. */
    void delete(String name) {
        if (isLocal()) {
            OutputFolder.deleteTree(localRoot().resolve(name));
            return;
        }
        try {
            fileSystem().delete(hadoopPath(name), true);
        } catch (IOException e) {
            throw CellInrException.of(display(name) + ": cannot delete (" + e.getMessage() + ")", e);
        }
    }

    /** Names of the entries directly in this folder (hidden ones included). */
    List<String> list() {
        List<String> names = new ArrayList<>();
        try {
            if (isLocal()) {
                try (var stream = Files.list(localRoot())) {
                    stream.forEach(p -> names.add(p.getFileName().toString()));
                }
            } else {
                for (FileStatus s : fileSystem().listStatus(hadoopPath(""))) {
                    names.add(s.getPath().getName());
                }
            }
        } catch (IOException e) {
            throw CellInrException.of(display("") + ": cannot list (" + e.getMessage() + ")", e);
        }
        return names;
    }

    /**
     * A local copy of entry {@code name} to read from: the entry itself when this folder is local, else a copy in
     * {@code scratch}.
     */
    Path localCopy(String name, Path scratch) {
        if (isLocal()) {
            return localRoot().resolve(name);
        }
        try {
            Path target = scratch.resolve(name);
            Files.createDirectories(target.getParent());
            fileSystem().copyToLocalFile(false, hadoopPath(name), new org.apache.hadoop.fs.Path(target.toUri()), true);
            return target;
        } catch (IOException e) {
            throw CellInrException.of(display(name) + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
