package io.github.cellinr.spark;

import io.github.cellinr.cli.InferOptions;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.util.List;

/**
 * A verb of the core that writes one sequence folder per shape ({@code generate}, {@code reconstruct}), as the
 * Spark job runs it: the driver and every executor parse the same arguments into it and plan the same shapes.
 */
interface InferenceVerb {

    /** The core verb's name. */
    String verb();

    InferOptions inference();

    RenderTarget render();

    /** What to write: the shapes, in order, and the run's provenance (as the core verb records it). */
    Planned plan(ModelRegistry.ResolvedModel resolved, List<String> command);

    /** The shapes of a run and its provenance, before the run's time stamp is fixed. */
    record Planned(List<Shape> shapes, Provenance.Builder provenance) {
    }
}
