package io.github.cellinr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.io.SafeTensors;
import io.github.cellinr.model.CellShapeModel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed with SIGKILL after a checkpoint and resumed ends with the same weights as an uninterrupted one. */
class TrainerResumeTest {

    static InMemorySdfDataset data() {
        return AnalyticShapes.growing(3, 4, 20, 11);
    }

    static TrainingOptions options() {
        return TrainingOptions.defaults().toBuilder().latentSize(16).equivariant(true).epochs(80).framesPerBatch(3)
                .pointsPerFrame(300).threads(2).checkpointEvery(1).diceMaxGrid(8).build();
    }

    @Test
    void resumingAfterKillMinus9GivesTheUninterruptedWeights(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        CellShapeModel expected = new Trainer(data(), null, straight, List.of("test"), ProgressSink.NONE)
                .train(options()).model();

        Path killed = dir.resolve("killed");
        Path checkpoint = killed.resolve(Trainer.CHECKPOINT_FILE);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TrainerChild.class.getName());
        cmd.add(killed.toString());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(checkpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(checkpoint), "the child wrote no checkpoint: " + Files.readString(dir.resolve("child.log")));
        child.destroyForcibly();
        assertTrue(child.waitFor(1, TimeUnit.MINUTES));
        int epochsAtKill = Checkpoint.read(checkpoint).state().epochsDone();
        assertTrue(epochsAtKill < options().epochs(), "the child must be killed before it finished");
        assertTrue(!Files.exists(killed.resolve(CellShapeModel.CONFIG_FILE)), "no final model from the killed run");

        CellShapeModel resumed = new Trainer(data(), null, killed, List.of("test", "--resume"), ProgressSink.NONE)
                .resume(UnaryOperator.identity()).model();
        Map<String, SafeTensors.Tensor> a = expected.tensors();
        Map<String, SafeTensors.Tensor> b = resumed.tensors();
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name).floats(), b.get(name).floats(), name + " differs after resume");
        }
        // the loss logs agree too, except for timings
        List<String> la = Files.readAllLines(straight.resolve(Trainer.LOSS_FILE));
        List<String> lb = Files.readAllLines(killed.resolve(Trainer.LOSS_FILE));
        assertEquals(la.size(), lb.size());
        for (int i = 1; i < la.size(); i++) {
            assertEquals(withoutTimes(la.get(i)), withoutTimes(lb.get(i)), "loss log line " + i);
        }
        assertTrue(new File(killed.toFile(), "provenance.json").exists());
    }

    private static String withoutTimes(String csv) {
        String[] f = csv.split(",");
        return String.join(",", java.util.Arrays.copyOf(f, 8));
    }
}
