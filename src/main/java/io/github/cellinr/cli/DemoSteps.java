package io.github.cellinr.cli;

import io.github.cellinr.core.Provenance;
import io.github.cellinr.phantom.PhantomSpec;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.phantom.PhantomWriter;
import io.github.cellinr.shape.Prepare;
import io.github.cellinr.shape.PrepareInputs;
import io.github.cellinr.shape.PrepareOptions;
import io.github.cellinr.shape.PrepareSummary;
import java.nio.file.Path;
import java.util.Locale;

/** The demo steps of the data stages: phantoms of the three types, then one prepared dataset per type. */
final class DemoSteps {

    private DemoSteps() {
    }

    /** Sequences per phantom type. */
    static int count(DemoContext c) {
        return 8;
    }

    static int frames(DemoContext c) {
        return c.quick() ? 10 : 30;
    }

    /** Phantom volume edge. */
    static int size(DemoContext c) {
        return c.quick() ? 64 : 96;
    }

    /** SDF grid edge of the prepared datasets. */
    static int grid(DemoContext c) {
        return 64;
    }

    /** Writes {@code phantoms/<type>} for each type; outputs {@code "phantoms/<type>"}. */
    static final class Phantoms implements DemoStep {
        @Override
        public String stage() {
            return "phantoms";
        }

        @Override
        public String description(DemoContext c) {
            return String.format(Locale.ROOT, "%d growing, %d dividing and %d filopodial phantom cells, %d frames"
                    + " each, in %d^3 volumes (CTC folders with lineage)", count(c), count(c), count(c), frames(c),
                    size(c));
        }

        @Override
        public String run(DemoContext c) {
            StringBuilder done = new StringBuilder();
            for (PhantomType type : PhantomType.values()) {
                PhantomSpec spec = new PhantomSpec(type, count(c), frames(c), size(c), null, c.seed());
                PhantomWriter.Result r = PhantomWriter.write(spec, c.folder().resolve("phantoms").resolve(type.cliName()),
                        false, c.threads(), c.command(), c.progress());
                c.put("phantoms/" + type.cliName(), r.folder());
                done.append(done.length() == 0 ? "" : ", ").append(type.cliName()).append(" in ")
                        .append(c.folder().relativize(r.folder()));
            }
            return "phantoms: " + done;
        }
    }

    /** Prepares each phantom set into {@code datasets/<type>}; outputs {@code "dataset/<type>"}. */
    static final class PrepareData implements DemoStep {
        @Override
        public String stage() {
            return "prepare";
        }

        @Override
        public String description(DemoContext c) {
            return String.format(Locale.ROOT, "each phantom set -> aligned signed distance frames on a %d^3 grid"
                    + " (float16, memory-mapped)", grid(c));
        }

        @Override
        public String run(DemoContext c) {
            StringBuilder done = new StringBuilder();
            for (PhantomType type : PhantomType.values()) {
                Path in = c.get("phantoms/" + type.cliName()).orElseThrow(
                        () -> new IllegalStateException("the phantoms step did not run"));
                PrepareInputs.Inputs inputs = PrepareInputs.open(in);
                PrepareOptions options = PrepareOptions.defaults().withGridSize(grid(c)).withFrames(frames(c))
                        .withThreads(c.threads());
                PrepareSummary s = Prepare.run(inputs.series(), c.folder().resolve("datasets").resolve(type.cliName()),
                        options, inputs.seed(), Provenance.builder(c.command()), c.progress());
                c.put("dataset/" + type.cliName(), s.output());
                done.append(done.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                        "%s %d sequences x %d frames (%.2f um per unit)", type.cliName(), s.sequences(),
                        s.frames() / Math.max(1, s.sequences()), s.micrometresPerUnit()));
            }
            return "datasets: " + done;
        }
    }
}
