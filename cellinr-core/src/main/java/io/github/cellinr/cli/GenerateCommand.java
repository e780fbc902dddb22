package io.github.cellinr.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.infer.CodeSpan;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Mixin
    GenerateOptions generation;

    @Override
    public void run() {
        ModelRegistry.ResolvedModel resolved = common.resolveModel();
        CellShapeModel model = resolved.model();
        Inference.Settings settings = common.settings(model);
        GenerateOptions.Plan plan = generation.plan(model, common.seed());
        List<Shape> shapes = plan.shapes();
        RotationChoice choice = plan.rotation();
        Map<String, Object> samplerRecord = plan.sampler();
        Map<String, Object> support = plan.support();
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
