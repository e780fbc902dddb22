package io.github.cellinr.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * How a model was trained and how well it fits its training data, stored in {@code model.json}.
 *
 * @param options          every trainer option with its resolved value (sampler, loss, regulariser, rates...)
 * @param epochs           epochs completed
 * @param steps            optimiser steps completed
 * @param finalLoss        mean training loss (L1 + regulariser) of the last epoch
 * @param finalSdfLoss     mean L1 reconstruction loss of the last epoch (normalised units)
 * @param trainingSeconds  wall-clock time spent training (all sessions of a resumed run)
 * @param dicePerSequence  reconstruction Dice of each training sequence (mean over its frames), by sequence id
 * @param meanDice         mean over sequences
 * @param diceStride       voxel stride of the grid the Dice was computed on (1 = the full training grid)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSummary(Map<String, Object> options, int epochs, long steps, double finalLoss,
                              double finalSdfLoss, double trainingSeconds, Map<String, Double> dicePerSequence,
                              Double meanDice, Integer diceStride) {
}
