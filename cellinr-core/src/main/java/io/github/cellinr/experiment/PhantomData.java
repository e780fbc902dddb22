package io.github.cellinr.experiment;

import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.DatasetManifest;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.phantom.PhantomDatasets;
import io.github.cellinr.phantom.PhantomSpec;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.shape.PrepareOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The experiments' training data: phantoms of one type prepared into {@code data/<name>} of the run folder
 * (phantoms and {@code prepare} in one step, {@link PhantomDatasets}). A dataset a previous run of the same
 * experiment left there is opened instead (the data are deterministic from the seed).
 *
 * @param type      phantom type (the stand-in for one of the paper's cell types)
 * @param count     sequences
 * @param frames    frames per sequence
 * @param volume    phantom volume edge in voxels (rasterisation before {@code prepare} resamples)
 * @param grid      SDF grid edge of the dataset
 * @param extentUm  the cube's edge in micrometres, or null for {@code prepare}'s default (the largest cell's
 *                  extent times 1.1); datasets of one experiment on several grids share it
 */
public record PhantomData(PhantomType type, int count, int frames, int volume, int grid, Double extentUm) {

    public PhantomData(PhantomType type, int count, int frames, int volume, int grid) {
        this(type, count, frames, volume, grid, null);
    }

    /** The same phantoms prepared on another grid. */
    public PhantomData withGrid(int n) {
        return new PhantomData(type, count, frames, volume, n, extentUm);
    }

    public PhantomData withExtentUm(double um) {
        return new PhantomData(type, count, frames, volume, grid, um);
    }

    /** The paper's cell type this phantom type stands in for. */
    public String paperCellType() {
        return paperCellType(type);
    }

    public static String paperCellType(PhantomType type) {
        return switch (type) {
            case GROWING -> "Platynereis dumerilii";
            case DIVIDING -> "C. elegans";
            case FILOPODIAL -> "A549 filopodial";
        };
    }

    /** "8 filopodial phantoms x 10 frames, 64^3" for reports. */
    public String describe() {
        return String.format(Locale.ROOT, "%d %s phantoms x %d frames, SDF grid %d^3 (rasterised at %d^3)", count,
                type.cliName(), frames, grid, volume);
    }

    /** Prepares (or reopens) the dataset {@code data/<name>}; the caller closes it. */
    public MappedSdfDataset open(ExperimentContext c, String name, long seed) {
        Path dir = c.path("data", name);
        if (!Files.exists(dir.resolve(DatasetManifest.FILE_NAME))) {
            c.say("  data %s: %s", name, describe());
            PrepareOptions options = PrepareOptions.defaults().withGridSize(grid).withFrames(frames)
                    .withThreads(c.threads());
            if (extentUm != null) {
                options = options.withExtentUm(extentUm);
            }
            PhantomDatasets.prepare(new PhantomSpec(type, count, frames, volume, null, seed), dir, options,
                    c.progress());
        }
        return MappedSdfDataset.open(dir);
    }

    /** The checksum the trainer records for a dataset folder (of its manifest, as {@code train} does). */
    public static String checksum(MappedSdfDataset data) {
        return Provenance.sha256(data.folder().resolve(DatasetManifest.FILE_NAME));
    }
}
