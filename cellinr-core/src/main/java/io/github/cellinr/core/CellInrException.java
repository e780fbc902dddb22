package io.github.cellinr.core;

import java.nio.file.Path;

/**
 * A problem the user can act on: bad input, a missing file, a full disk, a diverged model.
 *
 * <p>The message is one line that names the file (when there is one) and the problem. The CLI prints it
 * as is, without a stack trace, and exits with status 2. Programming errors are not this type.
 */
public final class CellInrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    private CellInrException(Path file, String message, Throwable cause) {
        super(oneLine(message), cause);
        this.file = file;
    }

    /** An error about one file: the message reads {@code <file>: <problem>}. */
    public static CellInrException of(Path file, String problem) {
        return new CellInrException(file, file + ": " + problem, null);
    }

    /** An error about one file, keeping the low-level cause for {@code --debug}. */
    public static CellInrException of(Path file, String problem, Throwable cause) {
        return new CellInrException(file, file + ": " + problem, cause);
    }

    /** An error that is not about one file (an option value, a model that diverged). */
    public static CellInrException of(String problem) {
        return new CellInrException(null, problem, null);
    }

    public static CellInrException of(String problem, Throwable cause) {
        return new CellInrException(null, problem, cause);
    }

    /** The file the error is about, or {@code null}. */
    public Path file() {
        return file;
    }

    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
