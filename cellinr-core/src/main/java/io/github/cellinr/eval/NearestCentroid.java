package io.github.cellinr.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nearest-centroid classification in a latent (or embedded) space, for the paper's classification
 * experiment (section 5.8): a point gets the class whose mean point is closest (Euclidean).
 */
public final class NearestCentroid {
    private final List<String> classes;
    private final double[][] centroids;

    private NearestCentroid(List<String> classes, double[][] centroids) {
        this.classes = classes;
        this.centroids = centroids;
    }

    /** The centroid of each class among {@code points} (classes in order of first appearance). */
    public static NearestCentroid fit(double[][] points, List<String> labels) {
        check(points, labels);
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        int d = points[0].length;
        for (int i = 0; i < points.length; i++) {
            double[] sum = sums.computeIfAbsent(labels.get(i), k -> new double[d]);
            for (int j = 0; j < d; j++) {
                sum[j] += points[i][j];
            }
            counts.merge(labels.get(i), 1, Integer::sum);
        }
        List<String> classes = new ArrayList<>(sums.keySet());
        double[][] centroids = new double[classes.size()][];
        for (int c = 0; c < classes.size(); c++) {
            double[] sum = sums.get(classes.get(c));
            int n = counts.get(classes.get(c));
            for (int j = 0; j < d; j++) {
                sum[j] /= n;
            }
            centroids[c] = sum;
        }
        return new NearestCentroid(List.copyOf(classes), centroids);
    }

    public String predict(double[] point) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double dist = squaredDistance(point, centroids[c]);
            if (dist < bestDistance) {
                bestDistance = dist;
                best = c;
            }
        }
        return classes.get(best);
    }

    public List<String> classes() {
        return classes;
    }

    /** Fraction of {@code points} whose predicted class is their label. */
    public double accuracy(double[][] points, List<String> labels) {
        check(points, labels);
        int right = 0;
        for (int i = 0; i < points.length; i++) {
            if (predict(points[i]).equals(labels.get(i))) {
                right++;
            }
        }
        return (double) right / points.length;
    }

    /**
     * Leave-one-out accuracy: each point is classified by centroids computed without it, so a point never
     * votes for its own class. A class with a single member cannot be predicted for that member.
     */
    public static double leaveOneOutAccuracy(double[][] points, List<String> labels) {
        check(points, labels);
        int n = points.length, d = points[0].length;
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double[] sum = sums.computeIfAbsent(labels.get(i), k -> new double[d]);
            for (int j = 0; j < d; j++) {
                sum[j] += points[i][j];
            }
            counts.merge(labels.get(i), 1, Integer::sum);
        }
        int right = 0;
        double[] centroid = new double[d];
        for (int i = 0; i < n; i++) {
            String best = null;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (Map.Entry<String, double[]> e : sums.entrySet()) {
                boolean own = e.getKey().equals(labels.get(i));
                int count = counts.get(e.getKey()) - (own ? 1 : 0);
                if (count == 0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    centroid[j] = (e.getValue()[j] - (own ? points[i][j] : 0)) / count;
                }
                double dist = squaredDistance(points[i], centroid);
                if (dist < bestDistance) {
                    bestDistance = dist;
                    best = e.getKey();
                }
            }
            if (labels.get(i).equals(best)) {
                right++;
            }
        }
        return (double) right / n;
    }

    private static void check(double[][] points, List<String> labels) {
        if (points.length == 0 || points.length != labels.size()) {
            throw new IllegalArgumentException(points.length + " points and " + labels.size() + " labels");
        }
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }
}
