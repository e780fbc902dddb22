package io.github.cellinr.phantom;

import io.github.cellinr.core.CellInrException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The three procedural cell types, after the paper's three data sets (section 4), each with the physical
 * field of view (a cube, micrometres) that holds its largest cell with a margin.
 */
public enum PhantomType {
    /** A smooth irregular blob that deforms and grows (Platynereis dumerilii embryo cells, 4.1). */
    GROWING("growing", 32.0),
    /** Grows, elongates and pinches into two daughters mid-sequence (C. elegans embryo cells, 4.2). */
    DIVIDING("dividing", 32.0),
    /** A blebbing body with thin protrusions that grow and branch (A549 filopodial cells, 4.3). */
    FILOPODIAL("filopodial", 40.0);

    private final String cliName;
    private final double fieldOfViewUm;

    PhantomType(String cliName, double fieldOfViewUm) {
        this.cliName = cliName;
        this.fieldOfViewUm = fieldOfViewUm;
    }

    /** The name used on the command line and in provenance. */
    public String cliName() {
        return cliName;
    }

    /** Edge of the cubic field of view in micrometres; the default voxel size is this over {@code --size}. */
    public double fieldOfViewUm() {
        return fieldOfViewUm;
    }

    public static PhantomType parse(String name) {
        for (PhantomType t : values()) {
            if (t.cliName.equals(name.toLowerCase(Locale.ROOT).strip())) {
                return t;
            }
        }
        throw CellInrException.of("unknown phantom type '" + name + "': choose one of "
                + Arrays.stream(values()).map(PhantomType::cliName).toList());
    }

    @Override
    public String toString() {
        return cliName;
    }
}
