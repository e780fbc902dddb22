package io.github.cellinr.nn;

/**
 * A learning rate that is multiplied by {@code factor} every {@code interval} epochs (the paper: 1e-4 halved
 * every 350 epochs).
 */
public record StepSchedule(double initial, int interval, double factor) {

    public StepSchedule {
        if (!(initial > 0) || interval < 1 || !(factor > 0)) {
            throw new IllegalArgumentException("a step schedule needs a positive rate, interval and factor");
        }
    }

    /** The rate during epoch {@code epoch} (0-based). */
    public double rate(int epoch) {
        return initial * Math.pow(factor, epoch / interval);
    }
}
