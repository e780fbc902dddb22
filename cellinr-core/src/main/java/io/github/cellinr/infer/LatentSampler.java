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
        GAUSSIAN,
        NEAR,
        GMM;

        public static Kind parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CellInrException.of("sampler '" + text + "' is not one of gaussian, near, gmm");
            }
        }
    }

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
