package io.github.cellinr.train;

import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.model.SdfEvaluator;
import io.github.cellinr.nn.Adam;
import java.util.Arrays;
import java.util.List;

/**
 * The discrete rotation search of an equivariant run ({@link RotationTraining}): gradient steps on R only find
 * the nearest local minimum, and the loss has one per orientation the network could explain the cell in. So
 * every few epochs each sequence's rotation R is compared with the 24 rotations {@code R g} (g in the cube group)
 * on the current network and the sequence's current code, scored by the mean L1 error on a fixed sample of the
 * sequence's points (first, middle and last frame), and replaced by the best. A sequence that jumps has its
 * rotation's Adam moments cleared (they pointed along the old orientation's slope).
 *
 * <p>Deterministic: the samples come from (seed, epoch, sequence), the scores do not depend on the thread that
 * computes them, and the search runs between epochs, so a resumed run repeats it exactly.
 */
final class RotationSearch {
    private static final List<Rotation> CANDIDATES = Rotation.cubeGroup();
    private static final int FRAMES = 3;

    private RotationSearch() {
    }

    /** What one search did. */
    record Outcome(int jumps, double meanLossBefore, double meanLossAfter) {
    }

    /**
     * Searches every sequence's rotation; updates {@code angles} (3 per sequence) in place and clears the moments
     * of {@code angleAdam} of the sequences that moved.
     */
    static Outcome run(SdfEvaluator network, SdfDataset data, float[] codes, float[] angles, Adam angleAdam,
                       TrainingOptions options, int epoch, int threads) {
        List<SequenceInfo> sequences = data.info().sequences();
        int latent = network.latentSize();
        FrameSampler sampler = new FrameSampler(data.info().gridSize(), data.info().micrometresPerUnit(),
                options.nearFraction());
        int perFrame = Math.max(1, options.rotation().searchPoints() / FRAMES);
        double[] before = new double[sequences.size()];
        double[] after = new double[sequences.size()];
        int[] choice = new int[sequences.size()];
        Parallel.forRange(threads, sequences.size(), (from, to) -> {
            int count = FRAMES * perFrame;
            float[] xyz = new float[3 * count];
            float[] target = new float[count];
            float[] times = new float[count];
            float[] out = new float[count];
            for (int s = from; s < to; s++) {
                SequenceInfo info = sequences.get(s);
                var random = Seeds.random(options.seed(), "train.rotation-search", epoch, s);
                for (int k = 0; k < FRAMES; k++) {
                    int f = (int) Math.round((double) k * (info.frameCount() - 1) / (FRAMES - 1));
                    sampler.sample(data.frame(s, f), perFrame, random, xyz, target, k * perFrame);
                    Arrays.fill(times, k * perFrame, (k + 1) * perFrame, (float) info.time(f));
                }
                float[] code = Arrays.copyOfRange(codes, s * latent, (s + 1) * latent);
                Rotation current = SequenceRotations.rotation(angles, s);
                int best = 0;
                double bestLoss = Double.POSITIVE_INFINITY;
                for (int c = 0; c < CANDIDATES.size(); c++) {
                    network.evaluate(code, current.times(CANDIDATES.get(c)), times, xyz, count, out);
                    double loss = 0;
                    for (int i = 0; i < count; i++) {
                        loss += Math.abs((double) out[i] - target[i]);
                    }
                    loss /= count;
                    if (c == 0) {
                        before[s] = loss;
                    }
                    if (loss < bestLoss) { // strict: ties keep the current rotation (candidate 0 is the identity)
                        bestLoss = loss;
                        best = c;
                    }
                }
                after[s] = bestLoss;
                choice[s] = best;
            }
        });
        int jumps = 0;
        for (int s = 0; s < sequences.size(); s++) {
            if (choice[s] == 0) {
                continue;
            }
            jumps++;
            SequenceRotations.store(SequenceRotations.rotation(angles, s).times(CANDIDATES.get(choice[s])), angles, s);
            for (int k = 3 * s; k < 3 * s + 3; k++) {
                angleAdam.firstMoment()[k] = 0;
                angleAdam.secondMoment()[k] = 0;
            }
        }
        return new Outcome(jumps, mean(before), mean(after));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }
}
