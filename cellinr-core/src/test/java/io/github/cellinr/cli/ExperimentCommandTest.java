package io.github.cellinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.experiment.Experiment;
import io.github.cellinr.experiment.Experiments;
import org.junit.jupiter.api.Test;

class ExperimentCommandTest {

    @Test
    void helpListsEveryExperimentWithItsExpectedTimes() {
        MainTest.Run r = MainTest.run("experiment", "--help");
        assertEquals(0, r.exitCode, r.err);
        for (Experiment e : Experiments.all()) {
            assertTrue(r.out.contains(e.name()), e.name() + " in\n" + r.out);
            assertTrue(r.out.contains(e.expectedTime(false)), e.expectedTime(false));
        }
        assertTrue(r.out.contains("--quick"));
    }

    @Test
    void anUnknownExperimentIsOneLineWithExitCodeTwo() {
        MainTest.Run r = MainTest.run("experiment", "nope", "--quick");
        assertEquals(Main.EXIT_USAGE_OR_INPUT, r.exitCode);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(r.err.contains("latent-size"), r.err);
        // --threads is the shared mixin: 0 means all cores as on every verb, a negative count is refused
        MainTest.Run threads = MainTest.run("experiment", "grid", "--threads", "-1");
        assertEquals(Main.EXIT_USAGE_OR_INPUT, threads.exitCode);
        assertEquals(1, threads.err.strip().lines().count(), threads.err);
    }
}
