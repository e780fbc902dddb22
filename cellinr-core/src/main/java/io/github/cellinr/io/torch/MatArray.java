package io.github.cellinr.io.torch;

import java.util.Arrays;

/**
 * A real numeric MATLAB array, its values widened to {@code double} and kept in MATLAB's column-major order
 * (first index fastest). Arrays written by {@code scipy.io.savemat} have the shape numpy showed.
 */
public final class MatArray {
    private final String name;
    private final String matlabClass;
    private final int[] dims;
    private final double[] values;

    MatArray(String name, String matlabClass, int[] dims, double[] values) {
        this.name = name;
        this.matlabClass = matlabClass;
        this.dims = dims.clone();
        this.values = values;
    }

    public String name() {
        return name;
    }

    /** The MATLAB class it was saved as ({@code double}, {@code single}, {@code int16}, ...). */
    public String matlabClass() {
        return matlabClass;
    }

    /** MATLAB dimensions (at least two). */
    public int[] dims() {
        return dims.clone();
    }

    public int numel() {
        return values.length;
    }

    /** The element at a MATLAB index (0-based, one index per dimension; trailing ones may be left out). */
    public double get(int... index) {
        if (index.length > dims.length) {
            throw new IndexOutOfBoundsException(Arrays.toString(index) + " for dimensions " + Arrays.toString(dims));
        }
        int flat = 0;
        int step = 1;
        for (int d = 0; d < dims.length; d++) {
            int i = d < index.length ? index[d] : 0;
            if (i < 0 || i >= dims[d]) {
                throw new IndexOutOfBoundsException(Arrays.toString(index) + " for dimensions " + Arrays.toString(dims));
            }
            flat += i * step;
            step *= dims[d];
        }
        return values[flat];
    }

    /**
     * The array as a matrix of {@code rows x columns} in row-major order, after dropping singleton dimensions;
     * {@code null} when more than two dimensions are not singletons.
     */
    public double[][] asMatrix() {
        int[] kept = Arrays.stream(dims).filter(d -> d != 1).toArray();
        if (kept.length > 2) {
            return null;
        }
        int rows;
        int columns;
        if (kept.length == 2) {
            rows = kept[0];
            columns = kept[1];
        } else if (kept.length == 1) { // a vector: a row when MATLAB's first dimension is 1
            rows = dims[0] == 1 ? 1 : kept[0];
            columns = dims[0] == 1 ? kept[0] : 1;
        } else {
            rows = 1;
            columns = 1;
        }
        double[][] m = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                m[r][c] = values[r + c * rows];
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return name + " " + matlabClass + Arrays.toString(dims);
    }
}
