package io.github.cellinr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.io.SafeTensors;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.model.NetworkSpec;
import io.github.cellinr.model.SdfEvaluator;
import io.github.cellinr.nn.MlpLayout;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HardExamplesTest {

    private static final int LATENT = 4;

    /** A network whose weights are all zero: it answers 0 everywhere, so its error is |sdf| itself. */
    private static SdfEvaluator zeroNetwork() {
        MlpLayout layout = ModelConfig.of(NetworkSpec.SIREN_PAPER, LATENT, false, 10).network().layout();
        return new SdfEvaluator(layout, new float[layout.parameterCount()]);
    }

    @Test
    void poolsStartEmptyAndKeepTheWorstScoredCandidatesOfEachFrame() {
        InMemorySdfDataset data = AnalyticShapes.growing(2, 3, 16, 5);
        HardExamples hard = HardExamples.empty(data);
        assertEquals(6 * HardExamples.POOL, hard.voxels().length);
        assertEquals(-1, hard.voxels()[hard.from(1, 2)]);
        hard.rescore(zeroNetwork(), data, new float[2 * LATENT], new float[6], 9, 5, 2);
        double voxel = 2.0 / 15;
        double scale = data.info().micrometresPerUnit();
        for (int s = 0; s < 2; s++) {
            for (int f = 0; f < 3; f++) {
                SdfFrame frame = data.frame(s, f);
                int from = hard.from(s, f);
                // the brute-force reference: redraw the same candidates and rank them by the documented score
                SplittableRandom random = io.github.cellinr.core.Seeds.random(9, "train.hard", 5, s * 3 + f);
                double[] scores = new double[HardExamples.CANDIDATES];
                for (int k = 0; k < scores.length; k++) {
                    int v = k < scores.length / 2 ? frame.nearVoxel(random.nextInt(frame.nearCount()))
                            : frame.farVoxel(random.nextInt(frame.farCount()));
                    double t = Math.abs(frame.sdfUm(v) / scale);
                    scores[k] = t / (t + voxel);
                }
                java.util.Arrays.sort(scores);
                double cut = scores[scores.length - HardExamples.POOL];
                Set<Integer> drawable = new HashSet<>();
                for (int k = 0; k < frame.nearCount(); k++) {
                    drawable.add(frame.nearVoxel(k));
                }
                for (int k = 0; k < frame.farCount(); k++) {
                    drawable.add(frame.farVoxel(k));
                }
                for (int k = 0; k < HardExamples.POOL; k++) {
                    int v = hard.voxels()[from + k];
                    assertTrue(drawable.contains(v), "pools hold voxels of the frame's pools");
                    double t = Math.abs(frame.sdfUm(v) / scale);
                    assertTrue(t / (t + voxel) >= cut - 1e-6, "a kept voxel scores among the worst " + HardExamples.POOL);
                }
            }
        }
    }

    @Test
    void rescoringIsDeterministicAndThePoolsSurviveACheckpointTensor() {
        InMemorySdfDataset data = AnalyticShapes.growing(2, 2, 12, 6);
        HardExamples a = HardExamples.empty(data);
        HardExamples b = HardExamples.empty(data);
        a.rescore(zeroNetwork(), data, new float[2 * LATENT], new float[6], 3, 10, 1);
        b.rescore(zeroNetwork(), data, new float[2 * LATENT], new float[6], 3, 10, 2);
        assertArrayEquals(a.voxels(), b.voxels(), "the thread count does not change the pools");
        SafeTensors.Tensor t = a.tensor();
        assertArrayEquals(a.voxels(), HardExamples.from(t, data, Path.of("c.safetensors")).voxels());
        InMemorySdfDataset other = AnalyticShapes.growing(3, 2, 12, 6);
        CellInrException e = assertThrows(CellInrException.class,
                () -> HardExamples.from(t, other, Path.of("c.safetensors")));
        assertTrue(e.getMessage().contains("c.safetensors") && e.getMessage().contains(HardExamples.TENSOR));
    }
}
