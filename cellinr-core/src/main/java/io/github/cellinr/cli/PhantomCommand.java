package io.github.cellinr.cli;

import io.github.cellinr.core.Json;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.phantom.PhantomSpec;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.phantom.PhantomWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cellinr phantom}: procedural 3D+time cells as a Cell Tracking Challenge folder with lineage. */
@Command(name = "phantom",
        mixinStandardHelpOptions = true,
        description = {"Generate procedural 3D+time cells (the embedded data): growing (Platynereis-like),"
                + " dividing (C. elegans-like) or filopodial (A549-like), each sequence with random shape"
                + " parameters and a uniformly random 3D orientation.",
            "Writes DIR/01_GT/TRA/man_track###.tif + man_track.txt and DIR/01_GT/SEG/man_seg###.tif (uint16,"
                + " voxel size in the calibration), then 02_GT, ..., and provenance.json."})
public final class PhantomCommand implements Callable<Integer> {

    @ParentCommand
    CellInrCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--type", defaultValue = "growing", paramLabel = "TYPE",
            description = "Cell type: growing, dividing or filopodial.")
    String type;

    @Option(names = "--count", defaultValue = "8", paramLabel = "N", description = "Number of sequences.")
    int count;

    @Option(names = "--frames", defaultValue = "30", paramLabel = "T", description = "Frames per sequence.")
    int frames;

    @Option(names = "--size", defaultValue = "128", paramLabel = "S",
            description = "Voxels along x (and y and z for isotropic voxels); the field of view is 32 um"
                    + " (growing, dividing) or 40 um (filopodial) by default.")
    int size;

    @Option(names = "--voxel-size", paramLabel = "Z,Y,X",
            description = "Voxel size in micrometres, e.g. 1.0,0.25,0.25 to simulate coarse z sampling; y and z"
                    + " then get as many voxels as cover the same field (default: isotropic, field / S).")
    String voxelSize;

    @Mixin
    SeedOption seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: phantoms-TYPE).")
    Path out;

    @Option(names = "--force", description = "Replace DIR if it is an earlier cellinr output.")
    boolean force;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PhantomType t = PhantomType.parse(type);
        VoxelSize v = voxelSize == null ? null : VoxelSize.parse(voxelSize);
        PhantomSpec phantomSpec = new PhantomSpec(t, count, frames, size, v, seed.value);
        Path target = out != null ? out : Path.of("phantoms-" + t.cliName());
        int workers = threads.resolved();
        PhantomWriter.Result r = PhantomWriter.write(phantomSpec, target, force, workers,
                commandLine(root), ProgressSink.console());
        var printer = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("folder", r.folder().toString());
            m.put("type", t.cliName());
            m.put("sequences", r.sequences());
            m.put("frames", r.frames());
            m.put("dimensionsZyx", r.dimensions().toString());
            m.put("voxelSizeUmZyx", r.voxelSize().toString());
            m.put("bytes", r.bytes());
            m.put("seconds", r.seconds());
            m.put("seed", seed.value);
            printer.println(Json.mapper().writeValueAsString(m));
        } else {
            printer.printf(Locale.ROOT, "wrote %d %s phantom sequence%s of %d frames (%s voxels of %s um) to %s"
                            + " in %.1f s%n", r.sequences(), t.cliName(), r.sequences() == 1 ? "" : "s", r.frames(),
                    r.dimensions(), r.voxelSize(), r.folder(), r.seconds());
            printer.println("next: cellinr prepare --in " + r.folder() + " --out " + r.folder() + "-sdf");
        }
        printer.flush();
        return 0;
    }

    static java.util.List<String> commandLine(CellInrCommand root) {
        java.util.List<String> c = new java.util.ArrayList<>();
        c.add("cellinr");
        if (root != null) {
            c.addAll(root.arguments());
        }
        return c;
    }
}
