package io.github.cellinr.experiment;

import io.github.cellinr.core.CellInrException;
import java.util.List;

/** Every experiment {@code cellinr experiment} runs, in the paper's order. */
public final class Experiments {
    private Experiments() {
    }

    public static List<Experiment> all() {
        return List.of(
                new ReconstructionExperiment(),
                new SynthesisExperiment(),
                new LatentSizeExperiment(),
                new TemporalExperiment(),
                new GridExperiment(),
                new OmegaExperiment(),
                new DeepSdfExperiment(),
                new ClassifyExperiment());
    }

    /** The experiment named {@code name}; a one-line error listing the names otherwise. */
    public static Experiment byName(String name) {
        for (Experiment e : all()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw CellInrException.of("no experiment '" + name + "'; choose one of "
                + String.join(", ", all().stream().map(Experiment::name).toList()));
    }
}
