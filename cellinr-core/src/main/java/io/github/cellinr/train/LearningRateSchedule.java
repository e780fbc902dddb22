package io.github.cellinr.train;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.nn.StepSchedule;
import java.util.Locale;

/**
 * How a parameter group's learning rate changes over a run. {@link #STEP}: the paper's, the initial rate times
 * {@code lrFactor} every {@code lrInterval} epochs. {@link #COSINE}: the fast recipe's, a linear warm-up over the
 * first {@code warmupEpochs}, at most a tenth of the run (SIREN's first steps with a large rate otherwise scatter
 * the latent codes), then a
 * half cosine from the initial rate down to {@value #COSINE_FLOOR} of it at the last epoch, so a short run spends
 * its last epochs refining at a small rate instead of stopping at the large one.
 */
public enum LearningRateSchedule {
    STEP,
    COSINE;

    /** The cosine schedule's last rate, as a share of the initial rate. */
    public static final double COSINE_FLOOR = 0.02;

    public static LearningRateSchedule parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CellInrException.of("--lr-schedule '" + text + "' is not one of step, cosine");
        }
    }

    /**
     * The rate at {@code epoch} (fractional: epoch e, step k of p is e + k / p) of a run of {@code epochs} epochs.
     * A warm-up applies to either schedule.
     */
    public double rate(double initial, TrainingOptions o, double epoch) {
        double warmup = warmupEpochs(o);
        double base = switch (this) {
            case STEP -> new StepSchedule(initial, o.lrInterval(), o.lrFactor()).rate((int) Math.floor(epoch));
            case COSINE -> {
                double span = Math.max(1e-9, o.epochs() - warmup);
                double progress = Math.min(1, Math.max(0, (epoch - warmup) / span));
                yield initial * (COSINE_FLOOR + (1 - COSINE_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress)));
            }
        };
        if (warmup > 0 && epoch < warmup) {
            // from a tenth of the rate: a zero first step would waste the step's gradient
            return base * (0.1 + 0.9 * epoch / warmup);
        }
        return base;
    }

    /** The warm-up actually used: the option, but at most a tenth of the run (a short run is mostly training). */
    static double warmupEpochs(TrainingOptions o) {
        return Math.min(o.warmupEpochs(), 0.1 * o.epochs());
    }
}
