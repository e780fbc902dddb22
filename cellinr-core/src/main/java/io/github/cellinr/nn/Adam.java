package io.github.cellinr.nn;

import java.util.Arrays;

/**
 * Adam (Kingma and Ba 2014) over one parameter group, with bias correction, as PyTorch's {@code torch.optim.Adam}
 * computes it (no weight decay, no AMSGrad): {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 * Moments are float32 like PyTorch's; each update is computed in double and rounded once. The state
 * ({@link #firstMoment()}, {@link #secondMoment()}, {@link #steps()}) can be saved and restored exactly.
 */
public final class Adam {
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final float[] m;
    private final float[] v;
    private long steps;

    public Adam(int size) {
        this(size, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    public Adam(int size, double beta1, double beta2, double epsilon) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new float[size];
        this.v = new float[size];
    }

    /** One update of {@code params} with gradient {@code grad} at learning rate {@code lr}. */
    public void step(float[] params, float[] grad, double lr) {
        check(params, grad.length);
        steps++;
        double stepSize = lr / (1 - Math.pow(beta1, steps));
        double correction2 = Math.sqrt(1 - Math.pow(beta2, steps));
        for (int i = 0; i < params.length; i++) {
            update(params, i, grad[i], stepSize, correction2);
        }
    }

    /** As {@link #step(float[], float[], double)} with a double gradient (latent codes, angles). */
    public void step(float[] params, double[] grad, double lr) {
        check(params, grad.length);
        steps++;
        double stepSize = lr / (1 - Math.pow(beta1, steps));
        double correction2 = Math.sqrt(1 - Math.pow(beta2, steps));
        for (int i = 0; i < params.length; i++) {
            update(params, i, (float) grad[i], stepSize, correction2);
        }
    }

    /**
     * A lazy update (TensorFlow's LazyAdam, PyTorch's SparseAdam): only the rows listed move, and only their
     * moments decay; the step count, and so the bias correction, is the group's. For per-sequence latent codes,
     * of which a step sees a few: a dense step keeps moving every code on its stale momentum for about
     * 1 / (1 - beta1) steps after each visit, which overshoots when visits are rare.
     *
     * @param rows      the rows that had a gradient in this step (repeats are updated once)
     * @param rowLength parameters per row
     */
    public void stepRows(float[] params, double[] grad, double lr, int[] rows, int rowLength) {
        check(params, grad.length);
        steps++;
        double stepSize = lr / (1 - Math.pow(beta1, steps));
        double correction2 = Math.sqrt(1 - Math.pow(beta2, steps));
        int[] distinct = Arrays.stream(rows).distinct().sorted().toArray();
        for (int r : distinct) {
            for (int i = r * rowLength; i < (r + 1) * rowLength; i++) {
                update(params, i, (float) grad[i], stepSize, correction2);
            }
        }
    }

    private void update(float[] params, int i, float g, double stepSize, double correction2) {
        float mi = (float) (beta1 * m[i] + (1 - beta1) * g);
        float vi = (float) (beta2 * v[i] + (1 - beta2) * ((double) g * g));
        m[i] = mi;
        v[i] = vi;
        params[i] = (float) (params[i] - stepSize * mi / (Math.sqrt(vi) / correction2 + epsilon));
    }

    private void check(float[] params, int gradLength) {
        if (params.length != m.length || gradLength != m.length) {
            throw new IllegalArgumentException("optimiser has " + m.length + " parameters, got " + params.length
                    + " and " + gradLength + " gradients");
        }
    }

    public int size() {
        return m.length;
    }

    public long steps() {
        return steps;
    }

    /** The first-moment estimates (live array: a copy for saving is the caller's). */
    public float[] firstMoment() {
        return m;
    }

    public float[] secondMoment() {
        return v;
    }

    /** Restores a saved state. */
    public void restore(float[] firstMoment, float[] secondMoment, long stepCount) {
        if (firstMoment.length != m.length || secondMoment.length != v.length || stepCount < 0) {
            throw new IllegalArgumentException("optimiser state does not match " + m.length + " parameters");
        }
        System.arraycopy(firstMoment, 0, m, 0, m.length);
        System.arraycopy(secondMoment, 0, v, 0, v.length);
        steps = stepCount;
    }

    /** Forgets the moments (the released code switches to a fresh optimiser when it freezes the angles). */
    public void reset() {
        Arrays.fill(m, 0f);
        Arrays.fill(v, 0f);
        steps = 0;
    }
}
