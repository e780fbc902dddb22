package io.github.cellinr.fiji;

import io.github.cellinr.core.CellInrException;
import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.plugin.PlugIn;
import java.awt.GraphicsEnvironment;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every CellINR command in ImageJ does: ask (a {@link Form}: a dialog, or the macro's options), run the
 * same stage code as the {@code cellinr} command-line verb with progress in the status bar, open the results as
 * hyperstacks, and report a failure as one line in a dialog ({@link IJ#error}), never as a stack trace.
 */
abstract class CellInrPlugin implements PlugIn {
    /** Results opened at most per run: a run of 33 sequences should not open 33 windows. */
    static final int MAX_OPENED = 4;

    private final List<ImagePlus> results = new ArrayList<>();
    private String error;

    /** The command's name, e.g. "Generate". */
    abstract String command();

    /** Adds the command's fields to its form. */
    abstract void fields(Form form);

    /** Runs the stage with the form's values and returns the images to open. */
    abstract List<ImagePlus> execute(Form form, ImageJProgress progress);

    @Override
    public final void run(String arg) {
        results.clear();
        error = null;
        Form form = new Form("CellINR " + command());
        fields(form);
        try {
            if (!form.ask()) {
                return;
            }
            long started = System.nanoTime();
            results.addAll(execute(form, new ImageJProgress(command())));
            IJ.showStatus(String.format(java.util.Locale.ROOT, "CellINR %s: done in %.1f s", command(),
                    (System.nanoTime() - started) / 1e9));
        } catch (CellInrException | IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        } catch (UncheckedIOException e) {
            fail(e.getCause().getMessage());
            return;
        } catch (OutOfMemoryError e) {
            fail("out of memory: give ImageJ more memory (Edit > Options > Memory & Threads) or use a smaller size");
            return;
        } catch (RuntimeException | LinkageError e) {
            fail(vectorModuleMissing(e) ? VECTOR_MODULE_MESSAGE
                    : "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage() + " (please report it)");
            return;
        } finally {
            IJ.showProgress(1.0);
        }
        boolean show = !GraphicsEnvironment.isHeadless() || ij.macro.Interpreter.isBatchMode();
        if (show) {
            for (ImagePlus imp : results) {
                imp.show();
            }
        }
    }

    /** What to do when Fiji's Java runs without the incubating Vector API the compute engine was built on. */
    static final String VECTOR_MODULE_MESSAGE = "Java's module jdk.incubator.vector is not enabled: add"
            + " --add-modules=jdk.incubator.vector to Fiji's Java options (before -- on the launcher's command line,"
            + " or in jvm.cfg beside the launcher; see the CellINR README) and restart Fiji";

    /** Whether a failure is a class of the Vector API module not found (the module is not enabled). */
    static boolean vectorModuleMissing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if ((t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) && t.getMessage() != null
                    && t.getMessage().replace('.', '/').contains("jdk/incubator/vector")) {
                return true;
            }
        }
        return false;
    }

    private void fail(String message) {
        error = "CellINR " + command() + ": " + (message == null ? "failed" : message.replace('\n', ' '));
        IJ.showStatus("");
        if (Macro.getOptions() != null && ij.macro.Interpreter.getInstance() != null) {
            Macro.abort(); // stop the calling macro, as ImageJ's own commands do on an error
        }
        IJ.error("CellINR " + command(), error);
    }

    /** The images the last run opened (or would have, headless). */
    public final List<ImagePlus> results() {
        return List.copyOf(results);
    }

    /** The one-line error of the last run, or null when it succeeded. */
    public final String error() {
        return error;
    }
}
