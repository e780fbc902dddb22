package io.github.cellinr.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.infer.CodeSpan;
import io.github.cellinr.infer.GaussianMixture;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.LatentSampler;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cellinr generate}: new time-evolving cells from sampled latent codes. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Generate new time-evolving cells from latent codes sampled in the model's latent space (paper"
                + " section 5.1): auto (the default) = mix for a model with learned codes, gaussian for one without"
                + " (an imported model); mix = a point on the segment between a learned code and one of its 3"
                + " nearest codes (latent interpolation); ppca = a Gaussian in the subspace the learned codes span,"
                + " with their variances along their principal axes and a small isotropic floor; gaussian ="
                + " N(mean, sigma^2 I) fitted to the learned codes (the paper's; an imported model without codes"
                + " uses its recorded sigma); near = a learned code plus small noise (the paper's choice for"
                + " filopodial cells); gmm = a Gaussian mixture fitted by EM, components chosen by BIC. The summary"
                + " and provenance.json say which sampler drew the codes and why, and how many drawn codes lie"
                + " within the learned codes' support. Writes masks in the Cell Tracking Challenge layout"
                + " (divisions in res_track.txt), optionally meshes and OME-Zarr.")
public final class GenerateCommand implements Runnable {

    @ParentCommand
    CellInrCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    InferOptions common;

    @Option(names = "--sampler", defaultValue = "auto", paramLabel = "KIND",
            description = "auto, mix, ppca, gaussian, near or gmm (see above). Default: ${DEFAULT-VALUE}.")
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

    @Override
    public void run() {
        if (count < 1) {
            throw CellInrException.of("--count must be at least 1, got " + count);
        }
        ModelRegistry.ResolvedModel resolved = common.resolveModel();
        CellShapeModel model = resolved.model();
        Inference.Settings settings = common.settings(model);
        RotationChoice choice = RotationChoice.parse(rotation);
        if (choice == RotationChoice.LEARNED) {
            throw CellInrException.of("new sequences have no learned rotation: use identity, random or angles");
        }
        LatentSampler.Kind kind = LatentSampler.Kind.parse(sampler);
        LatentSampler latentSampler = switch (kind) {
            case GAUSSIAN -> LatentSampler.gaussian(model, sigma);
            case NEAR -> LatentSampler.near(model, noise);
            case GMM -> LatentSampler.gmm(model, maxComponents, covariance(),
                    Seeds.random(common.seed.value, "infer.gmm.fit"));
            case AUTO, PPCA, MIX -> LatentSampler.of(kind, model, common.seed.value);
        };
        List<Shape> shapes = Shapes.generate(latentSampler, count, choice, common.seed.value, prefix);
        Map<String, Object> samplerRecord = new LinkedHashMap<>(latentSampler.describe());
        samplerRecord.put("requested", kind.cliName());
        samplerRecord.put("seed", common.seed.value);
        Map<String, Object> support = support(model, shapes);
        var provenance = common.provenance(root.arguments(), resolved).parameter("sampler", samplerRecord)
                .parameter("support", support).parameter("rotation", choice.describe()).build();
        PrintWriter w = spec.commandLine().getOut();
        if (!common.json) {
            w.println("sampler: " + describe(samplerRecord));
            if (support.containsKey("within")) {
                w.printf(Locale.ROOT, "support: %d of %d drawn code(s) within the learned codes' support (nearest"
                        + " learned code no farther than the codes are from each other, at most %.2f of their"
                        + " radius off their span)%n", (Integer) support.get("within"), shapes.size(),
                        CodeSpan.OFF_SPAN_TOLERANCE);
            }
            w.flush();
        }
        Inference.Result result;
        try (OutputFolder folder = common.claimOut(resolved)) {
            result = Inference.write(model, resolved.id(), shapes, settings, folder.path(), provenance,
                    common.progress());
            folder.complete();
        }
        ObjectNode extra = Json.mapper().createObjectNode();
        extra.set("sampler", Json.mapper().valueToTree(samplerRecord));
        extra.set("support", Json.mapper().valueToTree(support));
        long dividing = result.sequences().stream().filter(s -> s.dividesAfterMiddle()).count();
        extra.put("dividingAfterMiddle", dividing);
        common.report(w, "generate", result, extra);
        if (!common.json) {
            w.printf(Locale.ROOT, "%d of %d sequence(s) have two or more cells after mid-sequence%n", dividing,
                    result.sequences().size());
            w.flush();
        }
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

    private static String describe(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder();
        for (var e : m.entrySet()) {
            if (e.getValue() instanceof double[] || e.getValue() instanceof float[]) {
                continue; // vectors go to provenance.json, not the terminal
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            Object v = e.getValue();
            sb.append(e.getKey()).append('=').append(v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : v);
        }
        return sb.toString();
    }
}
