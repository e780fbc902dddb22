/**
 * The paper's experiments (section 5) on procedural phantoms, one class per experiment, run by
 * {@code cellinr experiment NAME}; and the pieces the demo shares with them.
 *
 * <p>Why a package of its own: an experiment orchestrates stages (phantoms and {@code prepare}, {@code train},
 * {@code infer}, {@code eval}) and compares their results; it holds no stage logic. It cannot live in a stage's
 * package without making that stage depend on the others (the evaluation stage, for one, must not train
 * models), and the {@code cli} package only parses and prints. What is here: the run context and output
 * conventions ({@link io.github.cellinr.experiment.ExperimentContext}, {@link io.github.cellinr.experiment.ExperimentRunner}),
 * dataset views the experiments need (rotated copies, every k-th frame, masks of a dataset), training with
 * reuse of finished models, reconstruction scoring (Dice and shape descriptors against the training grids),
 * and the experiments themselves ({@link io.github.cellinr.experiment.Experiments} lists them).
 *
 * <p>The paper's cell data (Platynereis, C. elegans, A549) are not available here: every experiment runs on the
 * phantom type standing in for the paper's cell type, at sizes scaled down to two CPU cores, and says so, with
 * the paper's and the run's sizes side by side, in its report.
 */
package io.github.cellinr.experiment;
