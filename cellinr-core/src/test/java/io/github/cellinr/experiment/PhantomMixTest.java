package io.github.cellinr.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.phantom.PhantomSpec;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.shape.LabelSeries;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhantomMixTest {

    @Test
    void sequenceIdsSayTheirClass() {
        assertEquals("growing", PhantomMix.classOf("growing-01_0001"));
        assertEquals("filopodial", PhantomMix.classOf("filopodial-12_0003"));
        assertEquals("01_0001", PhantomMix.classOf("01_0001"));
        List<LabelSeries> s = PhantomMix.series(new PhantomSpec(PhantomType.DIVIDING, 2, 3, 24, null, 5));
        assertEquals(List.of("dividing-01", "dividing-02"), s.stream().map(LabelSeries::name).toList());
        assertEquals(3, s.get(0).frameCount());
        assertEquals(true, s.get(1).lineage().isPresent());
    }

    @Test
    void theModelOfOneClassHasOnlyItsCodesAndRotations() {
        double[] t = SequenceInfo.evenTimes(2);
        List<SequenceInfo> seqs = List.of(new SequenceInfo("growing-01_0001", "x", t, -1),
                new SequenceInfo("dividing-01_0001", "x", t, -1), new SequenceInfo("growing-02_0001", "x", t, -1));
        float[] codes = new float[3 * 8];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = i;
        }
        CellShapeModel m = TestData.constant(seqs, 1, codes);
        CellShapeModel growing = PhantomMix.ofClass(m, "growing");
        assertEquals(List.of("growing-01_0001", "growing-02_0001"),
                growing.sequences().stream().map(SequenceInfo::id).toList());
        assertArrayEquals(m.latent(0), growing.latent(0));
        assertArrayEquals(m.latent(2), growing.latent(1));
        assertArrayEquals(m.decoderParameters(), growing.decoderParameters());
        assertThrows(IllegalArgumentException.class, () -> PhantomMix.ofClass(m, "filopodial"));
    }
}
