package io.github.cellinr.io.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleasedDecoderTest {

    @Test
    void paperCheckpointMapsOntoTheLayoutOfItsSpecs() {
        TorchCheckpoint checkpoint = TorchCheckpoint.read(PaperFixtures.checkpoint());
        NetworkSpecs specs = NetworkSpecs.read(PaperFixtures.specs());
        ReleasedDecoder decoder = ReleasedDecoder.of(checkpoint, specs);
        assertEquals(11, decoder.layerCount());
        assertEquals(PaperFixtures.parameterCount(), decoder.parameterCount());
        assertEquals(2000, decoder.epoch().getAsLong());
    }

    /** Parsing check independent of the engine: a float64 forward pass from the README's formula. */
    @Test
    void float64ReferenceReproducesEveryFixturePoint() {
        ReleasedDecoder decoder = ReleasedDecoder.of(TorchCheckpoint.read(PaperFixtures.checkpoint()),
                NetworkSpecs.read(PaperFixtures.specs()));
        ReferenceDecoder reference = new ReferenceDecoder(decoder);
        Map<Integer, PaperFixtures.Code> codes = new java.util.HashMap<>();
        PaperFixtures.codes().forEach(c -> codes.put(c.id(), c));
        List<PaperFixtures.Point> points = PaperFixtures.points();
        assertEquals(2000, points.size());
        double worst = 0;
        for (PaperFixtures.Point p : points) {
            PaperFixtures.Code c = codes.get(p.code());
            double got = reference.evaluateRotated(c.z(), c.rotation(), p.x(), p.y(), p.z(), p.t());
            worst = Math.max(worst, Math.abs(got - p.sdf()));
        }
        System.out.println("float64 reference: max |error| over points.csv = " + worst);
        assertTrue(worst < 1e-6, "max abs error " + worst);
    }
}
