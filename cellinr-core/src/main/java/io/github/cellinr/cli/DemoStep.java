package io.github.cellinr.cli;

/**
 * One stage of {@code cellinr demo}. Each stage of the pipeline adds its step to {@link DemoCommand#STEPS}
 * when it lands; a step reads what earlier steps left in the {@link DemoContext} and adds its own outputs.
 */
public interface DemoStep {

    /** The pipeline stage this step runs (one of {@link DemoCommand#PIPELINE}). */
    String stage();

    /** One line saying what the step does, for the plan printed before the run. */
    String description(DemoContext context);

    /** Runs the step; returns one line saying what it produced. */
    String run(DemoContext context);
}
