package io.github.cellinr.experiment;

import io.github.cellinr.eval.report.Report;
import java.util.List;
import java.util.Map;

/**
 * One of the paper's experiments (section 5), reproduced on phantoms. An experiment trains the models it
 * compares, scores them, and adds its results to the run's report; the {@link ExperimentRunner} makes the
 * folder, writes the report, {@code results.json} and {@code provenance.json}.
 */
public interface Experiment {

    /** The name {@code cellinr experiment} takes, e.g. {@code latent-size}. */
    String name();

    /** The paper's section, tables and figures it reproduces, e.g. "5.2, Table 2, Figs. 6 and 7". */
    String reproduces();

    /** One line for {@code --help} and the report's title. */
    String title();

    /** What the run does and how it compares with the paper's experiment (report narrative). */
    String description(boolean quick);

    /** The paper's sizes against this run's: the honest statement of the scaling. */
    Scaling scaling(boolean quick);

    /** Measured wall time on the reference machine (2 cores), for {@code --help}, e.g. "40 min". */
    String expectedTime(boolean quick);

    /** Runs the experiment, adding its sections to {@code report}. */
    Outcome run(ExperimentContext context, Report report);

    /**
     * What a run found.
     *
     * @param results   the numbers, for {@code results.json} (maps, lists, numbers and strings)
     * @param headlines a few lines for the terminal
     */
    record Outcome(Map<String, Object> results, List<String> headlines) {
        public Outcome {
            results = Map.copyOf(results);
            headlines = List.copyOf(headlines);
        }
    }
}
