package io.github.cellinr.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cellinr.core.CellInrException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceInfoTest {
    private static final List<SequenceInfo> SEQUENCES = List.of(
            new SequenceInfo("cell_a", "test", SequenceInfo.evenTimes(3), -1),
            new SequenceInfo("2", "test", SequenceInfo.evenTimes(3), -1),
            new SequenceInfo("cell_c", "test", SequenceInfo.evenTimes(3), -1));

    @Test
    void aSequenceIsNamedByItsIdOrItsIndex() {
        assertEquals(0, SequenceInfo.indexOf(SEQUENCES, "cell_a", "the data"));
        assertEquals(2, SequenceInfo.indexOf(SEQUENCES, " cell_c ", "the data"));
        assertEquals(2, SequenceInfo.indexOf(SEQUENCES, "0002", "the data"), "not an id: an index");
        // an id wins over an index that reads the same
        assertEquals(1, SequenceInfo.indexOf(SEQUENCES, "2", "the data"));
    }

    @Test
    void neitherIdNorIndexIsAOneLineError() {
        for (String bad : new String[] {"cell_x", "3", "-1", ""}) {
            CellInrException e = assertThrows(CellInrException.class,
                    () -> SequenceInfo.indexOf(SEQUENCES, bad, "the model's training sequences"));
            assertEquals("sequence '" + bad + "' is neither an id nor an index (0..2) of the model's training"
                    + " sequences", e.getMessage());
        }
    }

    @Test
    void evenTimesSpanMinusOneToOne() {
        assertArrayEquals(new double[] {-1.0}, SequenceInfo.evenTimes(1));
        assertArrayEquals(new double[] {-1.0, -0.5, 0.0, 0.5, 1.0}, SequenceInfo.evenTimes(5));
    }
}
