package io.github.cellinr.io.torch;

import io.github.cellinr.core.CellInrException;
import java.nio.file.Path;
import java.util.List;

/**
 * The per-sequence latent codes and Euler angles the paper's training code saves with
 * {@code scipy.io.savemat}: {@code eNNNN_lat_vecs.mat} holds {@code lat_vecs} (sequences x code length) and
 * {@code eNNNN_rot_angs.mat} holds {@code rot_ang} (sequences x 3, radians, {@code R = Rx Ry Rz}); both in
 * float32. The angles may also be named {@code rot_angs}, may sit in the same file as the codes, or be one
 * triple shared by every sequence (an earlier variant of the code optimised a single rotation).
 *
 * @param codes       one latent code per sequence
 * @param eulerAngles one (alpha, beta, gamma) per sequence, radians
 */
public record ReleasedCodes(double[][] codes, double[][] eulerAngles) {
    private static final List<String> CODE_NAMES = List.of("lat_vecs");
    private static final List<String> ANGLE_NAMES = List.of("rot_ang", "rot_angs");

    public ReleasedCodes {
        codes = deepCopy(codes);
        eulerAngles = deepCopy(eulerAngles);
    }

    /**
     * Reads the codes from {@code codesFile} and the angles from {@code anglesFile} (which may be the same file;
     * {@code null} means no rotation: zero angles, as for a non-equivariant model).
     */
    public static ReleasedCodes read(Path codesFile, Path anglesFile, int codeLength) {
        MatFile codesMat = MatFile.read(codesFile);
        double[][] codes = matrix(codesMat, CODE_NAMES);
        if (codes.length == 0) {
            throw CellInrException.of(codesFile, "lat_vecs holds no codes");
        }
        if (codes[0].length != codeLength) {
            throw CellInrException.of(codesFile, "lat_vecs is " + codes.length + " x " + codes[0].length
                    + " but the model's CodeLength is " + codeLength + " (expected sequences x " + codeLength + ")");
        }
        double[][] angles = new double[codes.length][3];
        if (anglesFile != null) {
            MatFile anglesMat = anglesFile.equals(codesFile) ? codesMat : MatFile.read(anglesFile);
            double[][] read = matrix(anglesMat, ANGLE_NAMES);
            if (read.length == 0 || read[0].length != 3) {
                throw CellInrException.of(anglesFile, "rotation angles are " + read.length + " x "
                        + (read.length == 0 ? 0 : read[0].length) + ", expected sequences x 3");
            }
            if (read.length != codes.length && read.length != 1) {
                throw CellInrException.of(anglesFile, read.length + " angle triples for " + codes.length
                        + " latent codes in " + codesFile);
            }
            for (int i = 0; i < codes.length; i++) {
                angles[i] = read[read.length == 1 ? 0 : i].clone();
            }
        }
        return new ReleasedCodes(codes, angles);
    }

    public int sequenceCount() {
        return codes.length;
    }

    @Override
    public double[][] codes() {
        return deepCopy(codes);
    }

    @Override
    public double[][] eulerAngles() {
        return deepCopy(eulerAngles);
    }

    private static double[][] matrix(MatFile mat, List<String> names) {
        for (String name : names) {
            if (mat.arrays().containsKey(name) || mat.unsupported().containsKey(name)) {
                double[][] m = mat.array(name).asMatrix();
                if (m == null) {
                    throw CellInrException.of(mat.file(), "variable '" + name + "' has more than two dimensions");
                }
                return m;
            }
        }
        throw CellInrException.of(mat.file(), "has none of the variables " + names + " (it has "
                + mat.arrays().keySet() + ")");
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
