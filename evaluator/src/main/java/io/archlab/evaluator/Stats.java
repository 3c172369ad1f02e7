package io.archlab.evaluator;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Statistics over a handful of seeds: mean, sample standard deviation, t confidence interval of the
 * mean, Welch's t-test, Spearman rank correlation and a seeded percentile bootstrap. Pure functions;
 * the t distribution itself is {@link StudentT}.
 */
public final class Stats {
    private Stats() {
    }

    /** The arithmetic mean {@code Σx / n}, {@code n >= 1}. */
    public static double mean(double... x) {
        require(x, 1, "mean");
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** The sample variance {@code Σ(x - mean)² / (n - 1)} (two-pass), {@code n >= 2}. */
    public static double variance(double... x) {
        require(x, 2, "variance");
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return ss / (x.length - 1);
    }

    /** The sample standard deviation {@code sqrt(variance(x))}, {@code n >= 2}. */
    public static double standardDeviation(double... x) {
        return Math.sqrt(variance(x));
    }

    /**
     * The two-sided t confidence interval of the mean at {@code level} (e.g. 0.95):
     * {@code mean ± t_{(1+level)/2, n-1} · s / sqrt(n)}, {@code n >= 2}.
     */
    public static Interval meanConfidenceInterval(double[] x, double level) {
        require(x, 2, "confidence interval");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        }
        double m = mean(x);
        double half = StudentT.quantile((1 + level) / 2, x.length - 1) * standardDeviation(x) / Math.sqrt(x.length);
        return new Interval(m - half, m + half);
    }

    /** Welch's t-test of {@code mean(a) - mean(b)} against 0; see {@link WelchTest}. */
    public static WelchTest welch(double[] a, double[] b) {
        return welch(a, b, 0);
    }

    /**
     * Welch's t-test of {@code mean(a) - mean(b)} against {@code nullDifference}; both samples need
     * {@code n >= 2}. The formulas are on {@link WelchTest}.
     */
    public static WelchTest welch(double[] a, double[] b, double nullDifference) {
        require(a, 2, "Welch's test (first sample)");
        require(b, 2, "Welch's test (second sample)");
        double va = variance(a) / a.length;
        double vb = variance(b) / b.length;
        double diff = mean(a) - mean(b);
        double se = Math.sqrt(va + vb);
        double excess = diff - nullDifference;
        if (se == 0) {
            double t = excess == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, excess);
            double pGreater = excess > 0 ? 0 : excess < 0 ? 1 : 0.5;
            return new WelchTest(diff, nullDifference, 0, t, a.length + b.length - 2, pGreater, 1 - pGreater,
                    excess == 0 ? 1 : 0);
        }
        double t = excess / se;
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double pGreater = StudentT.upperTail(t, df);
        double pLess = StudentT.upperTail(-t, df);
        return new WelchTest(diff, nullDifference, se, t, df, pGreater, pLess,
                Math.min(1, 2 * Math.min(pGreater, pLess)));
    }

    /**
     * Spearman's rank correlation: Pearson's correlation of the average ranks (ties share the mean of
     * the ranks they span). NaN when either variable is constant. Needs paired samples, {@code n >= 2}.
     */
    public static double spearman(double[] x, double[] y) {
        require(x, 2, "Spearman correlation");
        require(y, 2, "Spearman correlation");
        if (x.length != y.length) {
            throw new IllegalArgumentException("Spearman correlation needs paired samples, got " + x.length
                    + " and " + y.length + " values");
        }
        return pearson(averageRanks(x), averageRanks(y));
    }

    /** Ranks 1..n of {@code x}, ascending; tied values get the average of their ranks. */
    public static double[] averageRanks(double[] x) {
        for (double v : x) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("cannot rank NaN");
            }
        }
        Integer[] order = IntStream.range(0, x.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
        double[] ranks = new double[x.length];
        int i = 0;
        while (i < x.length) {
            int j = i;
            while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double average = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = average;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /**
     * The percentile bootstrap confidence interval of {@code mean(a) - mean(b)} (Efron &amp; Tibshirani,
     * An Introduction to the Bootstrap, 1993, §13.3): {@code resamples} times, resample each group
     * with replacement to its own size and record the difference of the resampled means; the interval
     * is the {@code (1-level)/2} and {@code (1+level)/2} percentiles of those differences (linear
     * interpolation between order statistics, Hyndman–Fan type 7). Deterministic given {@code seed}:
     * draws come from {@link java.util.Random}, whose algorithm the JDK specifies.
     */
    public static Interval bootstrapDifferenceOfMeans(double[] a, double[] b, double level, int resamples,
            long seed) {
        require(a, 1, "bootstrap (first sample)");
        require(b, 1, "bootstrap (second sample)");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        }
        if (resamples < 2) {
            throw new IllegalArgumentException("bootstrap needs at least 2 resamples, got " + resamples);
        }
        Random random = new Random(seed);
        double[] diffs = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            diffs[r] = resampledMean(a, random) - resampledMean(b, random);
        }
        Arrays.sort(diffs);
        return new Interval(percentile(diffs, (1 - level) / 2), percentile(diffs, (1 + level) / 2));
    }

    private static double resampledMean(double[] x, Random random) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[random.nextInt(x.length)];
        }
        return sum / x.length;
    }

    private static double percentile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static void require(double[] x, int n, String what) {
        if (x == null || x.length < n) {
            throw new IllegalArgumentException(what + " needs at least " + n + " values, got "
                    + (x == null ? 0 : x.length));
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " needs finite values, got " + v);
            }
        }
    }
}
