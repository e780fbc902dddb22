package io.github.cellinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    /** Runs the CLI in-process and captures what it prints. */
    static final class Run {
        final int exitCode;
        final String out;
        final String err;

        Run(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var cli = Main.commandLine(args);
        cli.setOut(new java.io.PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
        cli.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        int code = cli.execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionNamesProjectAndJava() {
        Run r = run("--version");
        assertEquals(0, r.exitCode);
        assertTrue(r.out.startsWith("cellinr "), r.out);
        assertTrue(r.out.contains("Java "), r.out);
    }

    @Test
    void unknownVerbIsShortUsageErrorWithExitTwo() {
        Run r = run("frobnicate");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.startsWith("cellinr: "), r.err);
        assertTrue(r.err.lines().count() <= 2, r.err);
    }

    @Test
    void helpListsVerbs() {
        Run r = run("--help");
        assertEquals(0, r.exitCode);
        assertTrue(r.out.contains("Usage: cellinr"), r.out);
    }
}
