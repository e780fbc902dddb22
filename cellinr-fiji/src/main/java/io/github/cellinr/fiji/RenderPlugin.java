package io.github.cellinr.fiji;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.io.CtcKind;
import io.github.cellinr.io.CtcLayout;
import io.github.cellinr.io.CtcSequence;
import io.github.cellinr.render.Camera;
import io.github.cellinr.render.CtcRender;
import io.github.cellinr.render.Optics;
import io.github.cellinr.render.RenderSettings;
import io.github.cellinr.render.Staining;
import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plugins > CellINR > Render: synthetic fluorescence microscopy from CTC masks ({@code cellinr render}, the
 * render stage's defaults for everything not in the dialog), opened as image and mask hyperstacks.
 */
public final class RenderPlugin extends CellInrPlugin {

    @Override
    String command() {
        return "Render";
    }

    @Override
    void fields(Form form) {
        form.directory("Masks", "")
                .directory("Output", "")
                .choice("Stain", new String[] {"cytoplasm", "membrane", "nucleus"}, "cytoplasm")
                .choice("Microscope", new String[] {"confocal", "widefield"}, "confocal")
                .number("SNR", 0)
                .checkbox("MIP", false)
                .number("Seed", 1)
                .help("Masks: a Cell Tracking Challenge folder (e.g. a Generate output).\n"
                        + "Output: a new or empty folder. SNR 0: the default signal of 200 electrons.");
    }

    @Override
    List<ImagePlus> execute(Form form, ImageJProgress progress) {
        if (form.text("Masks").isEmpty() || form.text("Output").isEmpty()) {
            throw CellInrException.of("masks and output: give both folders");
        }
        Path masks = Path.of(form.text("Masks"));
        Path out = Path.of(form.text("Output"));
        double snr = form.number("SNR");
        if (snr < 0) {
            throw CellInrException.of("snr must be 0 (off) or positive, got " + snr);
        }
        RenderSettings defaults = RenderSettings.defaults();
        Optics o = defaults.optics();
        Camera c = defaults.camera();
        RenderSettings settings = defaults
                .withStaining(defaults.staining().withMode(Staining.Mode.valueOf(form.choice("Stain")
                        .toUpperCase(Locale.ROOT))))
                .withOptics(new Optics(Optics.Microscope.valueOf(form.choice("Microscope").toUpperCase(Locale.ROOT)),
                        o.psf(), o.numericalAperture(), o.refractiveIndex(), o.emissionUm(), o.excitationUm(),
                        o.psfDepthUm()))
                .withCamera(new Camera(c.signalElectrons(), c.backgroundElectrons(), c.readNoiseElectrons(), c.gainAduPerElectron(),
                        c.offsetAdu(), c.bits(), snr))
                .withMip(form.checked("MIP"))
                .withSeed(form.integer("Seed"));
        CtcRender.Result result = CtcRender.run(masks, out, settings, null, List.of("fiji", "Render",
                String.valueOf(ij.Macro.getOptions()).strip()), progress);
        List<ImagePlus> opened = new ArrayList<>();
        CtcLayout.Discovery found = CtcLayout.discover(result.out());
        for (CtcRender.SequenceResult r : result.sequences()) {
            if (opened.size() >= MAX_OPENED) {
                break;
            }
            CtcSequence image = find(found, CtcKind.IMAGES, r.name());
            CtcSequence mask = find(found, CtcKind.SEGMENTATION, r.name());
            if (image != null) {
                opened.add(Hyperstacks.images(r.name(), image));
            }
            if (mask != null) {
                opened.add(Hyperstacks.labels(r.name() + " masks", mask));
            }
        }
        IJ.log("CellINR Render: " + result.sequences().size() + " sequence(s) in " + Hyperstacks.shown(result.out()));
        return opened;
    }

    /** The 3D sequence of that name and kind (not its projection under mip/). */
    private static CtcSequence find(CtcLayout.Discovery found, CtcKind kind, String name) {
        for (CtcSequence s : found.ofKind(kind)) {
            String n = s.name();
            if (!n.startsWith("mip") && (n.equals(name) || n.startsWith(name + "_") || n.startsWith(name + "/"))) {
                return s;
            }
        }
        return null;
    }
}
