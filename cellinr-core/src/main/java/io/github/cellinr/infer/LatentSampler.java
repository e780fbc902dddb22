package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.model.CellShapeModel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws latent codes of new shapes (paper section 5.1, "Random sampling of latent codes"). Implementations are
 * fitted to a model's learned codes and are immutable; randomness comes from the stream passed in.
 */
public interface LatentSampler {

    /** One new code. */
    float[] sample(SplittableRandom random);

    /** Name and fitted parameters, for provenance and summaries. */
    Map<String, Object> describe();

    /** The sampler names {@code --sampler} takes. */
    enum Kind {
        /** Chosen for the model by {@link #auto}. */
        AUTO,
        GAUSSIAN,
        NEAR,
        GMM,
        PPCA,
        MIX;

        /** The name on the command line. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every name, comma separated, for help and errors. */
        public static String names() {
            return String.join(", ", java.util.Arrays.stream(values()).map(Kind::cliName).toList());
        }

        public static Kind parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CellInrException.of("sampler '" + text + "' is not one of " + names());
            }
        }
    }

    /** The key of {@link #describe()} that names the sampler that draws the codes. */
    String SAMPLER_KEY = "sampler";

    /**
     * The paper's sampler: a spherical Gaussian N(mu, sigma^2 I) fitted to the learned codes (mu their mean,
     * about 0 for a regularised model; sigma the standard deviation of all their entries about mu). A model
     * without learned codes (an imported one) uses the distribution it records ({@code latentSigma}, mean 0).
     *
     * @param sigma a standard deviation to use instead of the fitted one (the paper rounded 0.0004 up to
     *              0.001), or null
     */
    static LatentSampler gaussian(CellShapeModel model, Double sigma) {
        int l = model.latentSize();
        double[] mean = new double[l];
        double fitted;
        String source;
        if (model.sequenceCount() > 0) {
            double[][] codes = model.latentCodes();
            mean = mean(codes);
            fitted = pooledStd(codes, mean);
            source = "fitted to " + codes.length + " learned codes";
        } else if (model.config().latentSigma() != null) {
            fitted = model.config().latentSigma();
            source = "the model's recorded sampling distribution (it has no learned codes)";
        } else {
            throw CellInrException.of("the model has neither learned codes nor a recorded latent sigma; give --sigma");
        }
        double s = sigma != null ? sigma : fitted;
        if (!(s > 0) || !Double.isFinite(s)) {
            throw CellInrException.of("Gaussian sampler sigma must be positive, got " + s
                    + (sigma == null ? " (all learned codes are equal; give --sigma)" : ""));
        }
        double[] mu = mean;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sampler", "gaussian");
        d.put("source", source);
        d.put("fittedSigma", fitted);
        d.put("sigma", s);
        d.put("mean", mu.clone());
        return new LatentSampler() {
            @Override
            public float[] sample(SplittableRandom random) {
                float[] z = new float[l];
                for (int i = 0; i < l; i++) {
                    z[i] = (float) (mu[i] + s * GaussianMixture.gaussian(random));
                }
                return z;
            }

            @Override
            public Map<String, Object> describe() {
                return d;
            }
        };
    }

    /** Noise relative to the codes' standard deviation: the paper's 0.0005 for codes of standard deviation 0.0007. */
    double PAPER_NOISE_RATIO = 0.0005 / 0.0007;

    /**
     * The paper's sampler for filopodial cells: a learned code chosen uniformly plus N(0, noise^2 I).
     *
     * @param noise noise standard deviation, or null for {@link #PAPER_NOISE_RATIO} times the codes' standard
     *              deviation
     */
    static LatentSampler near(CellShapeModel model, Double noise) {
        double[][] codes = model.latentCodes();
        if (codes.length == 0) {
            throw CellInrException.of("sampler 'near' needs learned codes, and this model has none (an imported"
                    + " model): use --sampler gaussian");
        }
        double fitted = pooledStd(codes, mean(codes));
        double s = noise != null ? noise : PAPER_NOISE_RATIO * fitted;
        if (!(s >= 0) || !Double.isFinite(s)) {
            throw CellInrException.of("noise must be non-negative, got " + s);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sampler", "near");
        d.put("codes", codes.length);
        d.put("codesSigma", fitted);
        d.put("noiseSigma", s);
        int l = model.latentSize();
        return new LatentSampler() {
            @Override
            public float[] sample(SplittableRandom random) {
                double[] base = codes[random.nextInt(codes.length)];
                float[] z = new float[l];
                for (int i = 0; i < l; i++) {
                    z[i] = (float) (base[i] + s * GaussianMixture.gaussian(random));
                }
                return z;
            }

            @Override
            public Map<String, Object> describe() {
                return d;
            }
        };
    }

    /**
     * A Gaussian mixture fitted to the learned codes by EM, the number of components chosen by BIC (the
     * paper's suggested future work); see {@link GaussianMixture}.
     */
    static LatentSampler gmm(CellShapeModel model, int maxComponents, GaussianMixture.Covariance covariance,
                             SplittableRandom fitRandom) {
        double[][] codes = model.latentCodes();
        if (codes.length == 0) {
            throw CellInrException.of("sampler 'gmm' needs learned codes, and this model has none (an imported"
                    + " model): use --sampler gaussian");
        }
        GaussianMixture.Selection sel = GaussianMixture.fitByBic(codes, maxComponents, covariance, 5, fitRandom);
        GaussianMixture m = sel.best();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sampler", "gmm");
        d.put("codes", codes.length);
        d.put("covariance", covariance.name().toLowerCase(Locale.ROOT));
        d.put("components", m.components());
        d.put("weights", m.weights());
        d.put("bicByComponents", sel.bicByComponents());
        d.put("logLikelihood", m.logLikelihood());
        int l = model.latentSize();
        return new LatentSampler() {
            @Override
            public float[] sample(SplittableRandom random) {
                double[] x = m.sample(random);
                float[] z = new float[l];
                for (int i = 0; i < l; i++) {
                    z[i] = (float) x[i];
                }
                return z;
            }

            @Override
            public Map<String, Object> describe() {
                return d;
            }
        };
    }

    /**
     * The variance of the isotropic noise the {@code ppca} sampler adds, relative to the codes' pooled variance
     * per dimension: a covariance floor, so that the Gaussian is proper when there are fewer codes than dimensions
     * (its ML noise variance is then 0), a tenth of the codes' standard deviation in every direction.
     */
    double PPCA_FLOOR = 0.01;

    /**
     * A Gaussian in the subspace the learned codes span (probabilistic PCA with every axis kept): the codes' mean
     * plus, along each of their principal axes (at most n - 1 for n codes), normal noise with the codes' sample
     * variance along it, plus isotropic noise of variance {@link #PPCA_FLOOR} times the codes' pooled variance.
     * Unlike {@link #gaussian}, which spreads the codes' variance over all d dimensions (most of them directions no
     * learned code explored), its draws stay near the codes' span.
     */
    static LatentSampler ppca(CellShapeModel model) {
        return ppca(codesOf(model, "ppca"));
    }

    /** {@link #ppca(CellShapeModel)} fitted to {@code codes}. */
    static LatentSampler ppca(double[][] codes) {
        CodeSpan span = CodeSpan.of(codes);
        int l = span.dimension();
        int rank = span.rank();
        double[] mu = span.mean();
        double[][] axes = new double[rank][];
        double[] sd = new double[rank];
        double[] variances = new double[rank];
        for (int k = 0; k < rank; k++) {
            axes[k] = span.axis(k);
            variances[k] = span.variance(k);
            sd[k] = Math.sqrt(variances[k]);
        }
        double floor = Math.sqrt(PPCA_FLOOR * span.pooledVariance());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(SAMPLER_KEY, "ppca");
        d.put("codes", codes.length);
        d.put("axes", rank);
        d.put("axisVariances", variances);
        d.put("floorSigma", floor);
        d.put("mean", mu.clone());
        return new LatentSampler() {
            @Override
            public float[] sample(SplittableRandom random) {
                double[] x = mu.clone();
                for (int k = 0; k < rank; k++) {
                    double e = sd[k] * GaussianMixture.gaussian(random);
                    for (int i = 0; i < l; i++) {
                        x[i] += e * axes[k][i];
                    }
                }
                float[] z = new float[l];
                for (int i = 0; i < l; i++) {
                    z[i] = (float) (x[i] + floor * GaussianMixture.gaussian(random));
                }
                return z;
            }

            @Override
            public Map<String, Object> describe() {
                return d;
            }
        };
    }

    /** Neighbours each learned code is mixed with by the {@code mix} sampler. */
    int MIX_NEIGHBOURS = 3;

    /**
     * Latent interpolation as a sampler (the paper's section 5.3 tool): a learned code a chosen uniformly, one of
     * its {@link #MIX_NEIGHBOURS} nearest learned codes b chosen uniformly, and the code {@code a + u (b - a)} with
     * u uniform on [0, 1]. Every draw lies on a segment between two neighbouring learned codes, so in the convex
     * hull of the codes and never between groups of codes that are far apart (when each group has more than
     * {@link #MIX_NEIGHBOURS} codes). A single code is drawn as itself.
     */
    static LatentSampler mix(CellShapeModel model) {
        return mix(codesOf(model, "mix"), MIX_NEIGHBOURS);
    }

    /** {@link #mix(CellShapeModel)} on {@code codes} with {@code neighbours} neighbours per code. */
    static LatentSampler mix(double[][] codes, int neighbours) {
        if (neighbours < 1) {
            throw CellInrException.of("mix needs at least one neighbour per code, got " + neighbours);
        }
        CodeSpan span = CodeSpan.of(codes);
        int n = codes.length;
        int l = span.dimension();
        int[][] near = new int[n][];
        for (int i = 0; i < n; i++) {
            near[i] = span.neighbours(i, neighbours);
        }
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) {
            c[i] = codes[i].clone();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(SAMPLER_KEY, "mix");
        d.put("codes", n);
        d.put("neighbours", Math.min(neighbours, n - 1));
        return new LatentSampler() {
            @Override
            public float[] sample(SplittableRandom random) {
                int a = random.nextInt(n);
                float[] z = new float[l];
                if (near[a].length == 0) {
                    for (int i = 0; i < l; i++) {
                        z[i] = (float) c[a][i];
                    }
                    return z;
                }
                int b = near[a][random.nextInt(near[a].length)];
                double u = random.nextDouble();
                for (int i = 0; i < l; i++) {
                    z[i] = (float) (c[a][i] + u * (c[b][i] - c[a][i]));
                }
                return z;
            }

            @Override
            public Map<String, Object> describe() {
                return d;
            }
        };
    }

    /** The key of {@link #describe()} under which {@link #auto} says why it chose its sampler. */
    String REASON_KEY = "reason";

    /**
     * The default sampler for a model ({@code --sampler auto}): {@link #mix} for two or more learned codes (the
     * sampler whose synthetic cells passed the tests in docs/RESULTS.md 5.1, "Faithful synthesis"), the one code
     * itself for a single one, and the paper's {@link #gaussian} with the model's recorded sigma for a model
     * without learned codes (an imported one). Its description is the chosen sampler's, with
     * {@code selectedBy = auto} and a {@value #REASON_KEY}.
     */
    static LatentSampler auto(CellShapeModel model) {
        int n = model.sequenceCount();
        LatentSampler chosen;
        String reason;
        if (n == 0) {
            chosen = gaussian(model, null);
            reason = "the model has no learned codes (an imported model): the paper's Gaussian with the model's"
                    + " recorded sigma";
        } else if (n == 1) {
            chosen = mix(model);
            reason = "the model has one learned code: every new cell is that code's";
        } else {
            chosen = mix(model);
            reason = "convex combinations of neighbouring learned codes stay within the codes' support (the"
                    + " Gaussian draws far off it); measured best of gaussian, near, gmm, ppca and mix"
                    + " (docs/RESULTS.md 5.1)";
        }
        Map<String, Object> d = new LinkedHashMap<>(chosen.describe());
        d.put("selectedBy", "auto");
        d.put(REASON_KEY, reason);
        return new LatentSampler() {
            @Override
            public float[] sample(SplittableRandom random) {
                return chosen.sample(random);
            }

            @Override
            public Map<String, Object> describe() {
                return d;
            }
        };
    }

    /**
     * The sampler {@code kind} with its default parameters ({@code gmm}: up to 8 diagonal components, fitted from
     * stream (seed, "infer.gmm.fit")).
     */
    static LatentSampler of(Kind kind, CellShapeModel model, long seed) {
        return switch (kind) {
            case AUTO -> auto(model);
            case GAUSSIAN -> gaussian(model, null);
            case NEAR -> near(model, null);
            case GMM -> gmm(model, 8, GaussianMixture.Covariance.DIAGONAL,
                    io.github.cellinr.core.Seeds.random(seed, "infer.gmm.fit"));
            case PPCA -> ppca(model);
            case MIX -> mix(model);
        };
    }

    private static double[][] codesOf(CellShapeModel model, String sampler) {
        double[][] codes = model.latentCodes();
        if (codes.length == 0) {
            throw CellInrException.of("sampler '" + sampler + "' needs learned codes, and this model has none (an"
                    + " imported model): use --sampler gaussian");
        }
        return codes;
    }

    private static double[] mean(double[][] codes) {
        double[] m = new double[codes[0].length];
        for (double[] c : codes) {
            for (int i = 0; i < m.length; i++) {
                m[i] += c[i];
            }
        }
        for (int i = 0; i < m.length; i++) {
            m[i] /= codes.length;
        }
        return m;
    }

    private static double pooledStd(double[][] codes, double[] mean) {
        double s = 0;
        for (double[] c : codes) {
            for (int i = 0; i < mean.length; i++) {
                s += (c[i] - mean[i]) * (c[i] - mean[i]);
            }
        }
        return Math.sqrt(s / ((double) codes.length * mean.length));
    }
}
