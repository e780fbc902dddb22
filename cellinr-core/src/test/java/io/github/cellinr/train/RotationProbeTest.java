package io.github.cellinr.train;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.model.CellShapeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Manual measurement harness (runs only with -Dprobe=variant). */
class RotationProbeTest {
    public static void main(String[] args) throws Exception {
        new RotationProbeTest().probe();
    }

    @Test
    void probe() throws Exception {
        String variant = System.getProperty("probe");
        Assumptions.assumeTrue(variant != null);
        int shapes = Integer.getInteger("shapes", 6);
        int copies = Integer.getInteger("copies", 4);
        int grid = Integer.getInteger("grid", 24);
        int frames = Integer.getInteger("frames", 3);
        int epochs = Integer.getInteger("epochs", 60);
        int latent = Integer.getInteger("latent", 8);
        long t0 = System.nanoTime();
        RotatedCopies rc = RotatedCopies.of(shapes, copies, frames, grid, 5);
        TrainingOptions.Builder b = TrainingOptions.defaults().toBuilder().latentSize(latent).epochs(epochs)
                .threads(2).pointsPerFrame(Integer.getInteger("points", 2048)).checkpointEvery(1000).diceMaxGrid(16)
                .lrAngles(Double.parseDouble(System.getProperty("lrAngles", "1e-3")))
                .lrLatent(Double.parseDouble(System.getProperty("lrLatent", "1e-3")))
                .codeInitStd(Double.parseDouble(System.getProperty("codeInit", "0.01")));
        boolean oracle = false;
        switch (variant) {
            case "none" -> b.equivariant(false);
            case "paper" -> b.equivariant(true).rotation(RotationTraining.PAPER);
            case "oracle" -> { b.equivariant(true).rotation(RotationTraining.PAPER); oracle = true; }
            case "oracle-tangent" -> { b.equivariant(true).rotation(RotationTraining.DEFAULT.withSearch(0, 0)); oracle = true; }
            case "tangent" -> b.equivariant(true).rotation(RotationTraining.PAPER.withParametrisation(
                    RotationTraining.Parametrisation.TANGENT));
            case "pa" -> b.equivariant(true).rotation(RotationTraining.DEFAULT.withSearch(0, 0));
            case "pa-search" -> b.equivariant(true).rotation(RotationTraining.DEFAULT.withSearch(
                    Integer.getInteger("every", 5), Integer.getInteger("until", 0)));
            case "random-search" -> b.equivariant(true).rotation(RotationTraining.DEFAULT.withStart(
                    RotationTraining.Start.RANDOM).withSearch(Integer.getInteger("every", 5), Integer.getInteger("until", 0)));
            default -> throw new IllegalArgumentException(variant);
        }
        Path out = Files.createTempDirectory(Path.of("/tmp/probe13"), variant);
        Trainer trainer = new Trainer(rc.data(), null, out, List.of("probe"), ProgressSink.NONE);
        if (oracle) {
            trainer.startingFrom(rc.rotations());
        }
        Trainer.Result r = trainer.train(b.build());
        CellShapeModel m = r.model();
        double[] err = rc.relativeRotationErrors(m);
        java.util.Arrays.sort(err);
        System.out.printf(Locale.ROOT, "PROBE %s shapes %d x %d grid %d frames %d epochs %d latent %d: L1 %.5f Dice %.3f"
                + " | rot err median %.1f, <10deg %.0f%% | code NC acc %.0f%%, within/between %.2f | %.0f s%n  errors %s%n",
                variant, shapes, copies, grid, frames, epochs, latent, r.lastEpoch().sdfLoss(), r.dice().mean(),
                RotatedCopies.median(err), 100 * RotatedCopies.fractionBelow(err, 10), 100 * rc.codeAccuracy(m),
                rc.withinOverBetween(m), (System.nanoTime() - t0) / 1e9,
                java.util.Arrays.toString(java.util.Arrays.stream(err).map(x -> Math.round(x)).toArray()));
    }
}
