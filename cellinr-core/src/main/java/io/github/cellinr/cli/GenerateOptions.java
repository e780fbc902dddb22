package io.github.cellinr.cli;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.infer.CodeSpan;
import io.github.cellinr.infer.GaussianMixture;
import io.github.cellinr.infer.LatentSampler;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.model.CellShapeModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What {@code generate} samples: the sampler, its parameters, the count, the rotations and the names, as a picocli
 * mixin, so that other front ends (the Spark job) offer the same options and draw the same shapes from a seed.
 */
public final class GenerateOptions {

    @Option(names = "--sampler", defaultValue = "auto", paramLabel = "KIND",
            description = "auto, mix, ppca, gaussian, near or gmm (see the verb's description). Default:"
                    + " ${DEFAULT-VALUE}.")
    String sampler;

    @Option(names = "--count", defaultValue = "33", paramLabel = "N",
            description = "Sequences to generate (the paper generated 33 per cell type).")
    int count;

    @Option(names = "--sigma", paramLabel = "S",
            description = "gaussian: standard deviation to use instead of the fitted one (the paper rounded its"
                    + " fitted 0.0004 up to 0.001).")
    Double sigma;

    @Option(names = "--noise", paramLabel = "S",
            description = "near: noise standard deviation (default: 5/7 of the codes' standard deviation, the"
                    + " paper's 0.0005 for codes of 0.0007).")
    Double noise;

    @Option(names = "--max-components", defaultValue = "8", paramLabel = "K",
            description = "gmm: largest number of mixture components tried.")
    int maxComponents;

    @Option(names = "--covariance", defaultValue = "diagonal", paramLabel = "KIND",
            description = "gmm: diagonal or spherical component covariances.")
    String covariance;

    @Option(names = "--rotation", defaultValue = "identity", paramLabel = "R",
            description = "identity, random (uniform on SO(3), per sequence) or Euler angles ALPHA,BETA,GAMMA in"
                    + " degrees (R = Rx Ry Rz).")
    String rotation;

    @Option(names = "--prefix", defaultValue = "gen", paramLabel = "NAME",
            description = "Sequence folder names: <prefix>_000, <prefix>_001, ...")
    String prefix;

    /**
     * The shapes to generate, what the sampler recorded (for provenance: its parameters, the kind requested, the
     * seed), how many drawn codes lie within the learned codes' support, and the rotation choice.
     */
    public record Plan(List<Shape> shapes, Map<String, Object> sampler, Map<String, Object> support,
                       RotationChoice rotation) {
    }

    /**
     * The shapes these options ask for, drawn from {@code model}'s latent space; shape k depends only on
     * {@code seed} and k (see {@link Shapes#generate}), so a run split over machines draws the same shapes.
     */
    public Plan plan(CellShapeModel model, long seed) {
        if (count < 1) {
            throw CellInrException.of("--count must be at least 1, got " + count);
        }
        RotationChoice choice = RotationChoice.parse(rotation);
        if (choice == RotationChoice.LEARNED) {
            throw CellInrException.of("new sequences have no learned rotation: use identity, random or angles");
        }
        LatentSampler.Kind kind = LatentSampler.Kind.parse(sampler);
        LatentSampler latentSampler = switch (kind) {
            case GAUSSIAN -> LatentSampler.gaussian(model, sigma);
            case NEAR -> LatentSampler.near(model, noise);
            case GMM -> LatentSampler.gmm(model, maxComponents, covariance(),
                    Seeds.random(seed, "infer.gmm.fit"));
            case AUTO, PPCA, MIX -> LatentSampler.of(kind, model, seed);
        };
        List<Shape> shapes = Shapes.generate(latentSampler, count, choice, seed, prefix);
        Map<String, Object> samplerRecord = new LinkedHashMap<>(latentSampler.describe());
        samplerRecord.put("requested", kind.cliName());
        samplerRecord.put("seed", seed);
        return new Plan(shapes, samplerRecord, support(model, shapes), choice);
    }
    /**
     * How many of the drawn codes lie within the learned codes' support ({@link CodeSpan#contains}), with each
     * code's distance to its nearest learned code relative to the codes' own spacing and its distance off their
     * span; empty for a model without learned codes.
     */
    static Map<String, Object> support(CellShapeModel model, List<Shape> shapes) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (model.sequenceCount() == 0) {
            m.put("note", "the model has no learned codes to compare with");
            return m;
        }
        CodeSpan span = CodeSpan.of(model.latentCodes());
        int within = 0;
        double[] nearest = new double[shapes.size()];
        double[] off = new double[shapes.size()];
        for (int i = 0; i < shapes.size(); i++) {
            float[] z = shapes.get(i).latent();
            double[] x = new double[z.length];
            for (int j = 0; j < z.length; j++) {
                x[j] = z[j];
            }
            nearest[i] = span.relativeNearestDistance(x);
            off[i] = span.offSpan(x);
            within += span.contains(x) ? 1 : 0;
        }
        m.put("within", within);
        m.put("of", shapes.size());
        m.put("relativeNearestDistance", nearest);
        m.put("offSpan", off);
        m.put("offSpanTolerance", CodeSpan.OFF_SPAN_TOLERANCE);
        return m;
    }


    private GaussianMixture.Covariance covariance() {
        try {
            return GaussianMixture.Covariance.valueOf(covariance.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CellInrException.of("--covariance '" + covariance + "' is not diagonal or spherical");
        }
    }
}
